using System.Text;
using System.Text.Json;
using ActOnSync.Application.Common;
using MediatR;

namespace ActOnSync.Application.Quarantine.ListQuarantine;

/// <summary>Authentic deliveries that could not be used, newest first, with the reason and the body as received.</summary>
public sealed record ListQuarantine(int Limit = Page<QuarantinedDeliveryView>.DefaultLimit, Guid? After = null)
    : IRequest<Page<QuarantinedDeliveryView>>;

public sealed class QuarantinedDeliveryView
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public string Id { get; init; } = "";
    public string? MessageId { get; init; }
    public string Endpoint { get; init; } = "";
    public string Reason { get; init; } = "";
    public int Deliveries { get; init; }
    public DateTimeOffset ReceivedAt => DateTimeOffset.FromUnixTimeMilliseconds(ReceivedAtMs);
    public DateTimeOffset LastReceivedAt => DateTimeOffset.FromUnixTimeMilliseconds(LastReceivedAtMs);
    public JsonElement Headers => JsonDocument.Parse(HeadersJson).RootElement.Clone();

    /// <summary>The body as text when it is valid UTF-8, else null (see <see cref="RawBodyBase64"/>).</summary>
    public string? RawBody
    {
        get
        {
            try { return StrictUtf8.GetString(RawBodyBytes); }
            catch (DecoderFallbackException) { return null; }
        }
    }

    public string RawBodyBase64 => Convert.ToBase64String(RawBodyBytes);

    private long ReceivedAtMs { get; init; }
    private long LastReceivedAtMs { get; init; }
    private string HeadersJson { get; init; } = "{}";
    private byte[] RawBodyBytes { get; init; } = [];
}

public sealed class ListQuarantineHandler(ISqlConnectionFactory connections)
    : IRequestHandler<ListQuarantine, Page<QuarantinedDeliveryView>>
{
    private const string Columns = """
        id AS Id, message_id AS MessageId, endpoint AS Endpoint, reason AS Reason, deliveries AS Deliveries,
        received_at AS ReceivedAtMs, last_received_at AS LastReceivedAtMs, headers AS HeadersJson, raw_body AS RawBodyBytes
        """;

    public Task<Page<QuarantinedDeliveryView>> Handle(ListQuarantine request, CancellationToken cancellationToken) =>
        KeysetPage.QueryAsync<QuarantinedDeliveryView>(connections, Columns, "quarantined_deliveries", [], new { },
            request.After, request.Limit, r => r.Id, cancellationToken);
}
