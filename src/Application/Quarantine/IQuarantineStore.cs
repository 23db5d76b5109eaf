namespace ActOnSync.Application.Quarantine;

/// <summary>Keeps authentic deliveries that could not be used, so that nothing authentic is lost.</summary>
public interface IQuarantineStore
{
    /// <summary>Stores the delivery; a retry of the same message id counts one more delivery on the same row.</summary>
    /// <returns>The id of the quarantine row.</returns>
    /// <exception cref="Common.StoreUnavailableException">Nothing was written; try again later.</exception>
    Task<Guid> AddAsync(QuarantinedDelivery delivery, CancellationToken cancellationToken);
}

/// <param name="HeadersJson">The request headers of interest, as a JSON object.</param>
public sealed record QuarantinedDelivery(
    Guid Id,
    string? MessageId,
    string Endpoint,
    string Reason,
    ReadOnlyMemory<byte> RawBody,
    string HeadersJson,
    DateTimeOffset ReceivedAt);
