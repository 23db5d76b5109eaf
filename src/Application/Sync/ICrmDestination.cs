using ActOnSync.Domain.Sync;

namespace ActOnSync.Application.Sync;

/// <summary>
/// A CRM (or other system) that contacts are synced to. Implementations live in
/// <c>Infrastructure/Crm/&lt;Name&gt;/</c>, one instance per configured destination.
/// </summary>
public interface ICrmDestination
{
    /// <summary>How many deliveries one <see cref="DeliverAsync"/> call may take (1 = no batching).</summary>
    int MaxBatchSize { get; }

    /// <summary>
    /// Upserts each record by its key (never a blind create, so a retried delivery cannot make a
    /// second record), attaches its activity, and reports one outcome per delivery, in order.
    /// Failures are returned as outcomes; an exception is taken as a transient failure of the whole batch.
    /// </summary>
    Task<IReadOnlyList<SyncOutcome>> DeliverAsync(IReadOnlyList<SyncDelivery> deliveries, CancellationToken cancellationToken);
}

/// <param name="JobId">Unique per job and stable across its retries: an idempotency key for the destination.</param>
/// <param name="ExistingLink">The record this contact was synced to before in this destination, if any.</param>
public sealed record SyncDelivery(
    Guid JobId,
    Guid StepExecutionId,
    string RecId,
    string StepId,
    MappedRecord Record,
    CrmLink? ExistingLink,
    SyncActivity Activity);

/// <summary>A record of a destination: its kind (lead, contact...) and its id there.</summary>
public sealed record CrmLink(string ObjectType, string ObjectId);

/// <summary>The activity attached to the record: which program and step sent the contact, with links back to Act-On.</summary>
public sealed record SyncActivity(
    string Subject,
    string Description,
    DateTimeOffset OccurredAt,
    string? ProgramId,
    string? ProgramName,
    string StepId,
    string? StepName,
    string? AutomatedProgramLink,
    string? ContactReportLink);
