using ActOnSync.Domain.StepExecutions;
using ActOnSync.Domain.Sync;

namespace ActOnSync.Application.Sync;

/// <summary>The sync jobs: claimed under a lease, completed with their attempt, re-queued for replay.</summary>
public interface ISyncJobStore
{
    /// <summary>
    /// Claims up to <paramref name="max"/> due jobs of a destination: pending ones whose time has
    /// come, and in-progress ones whose lease ended (their worker died). Each claim gets a new lease token.
    /// </summary>
    Task<IReadOnlyList<ClaimedJob>> ClaimDueAsync(string destination, int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Records the attempt, moves the job on and, on success, links the contact to the CRM record; all in one transaction.</summary>
    /// <returns>False when the lease was lost meanwhile (the job belongs to another worker): nothing was written.</returns>
    Task<bool> CompleteAsync(JobCompletion completion, CancellationToken cancellationToken);

    /// <summary>Gives claimed jobs back without an attempt (shutdown), to be claimed again at once.</summary>
    Task ReleaseAsync(IReadOnlyList<ClaimedJob> jobs, CancellationToken cancellationToken);

    /// <summary>Puts matching jobs back to pending, due now, with a fresh failure budget (replay).</summary>
    /// <returns>How many jobs were re-queued.</returns>
    Task<int> RequeueAsync(RequeueFilter filter, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A job under lease, with what its delivery needs.</summary>
public sealed record ClaimedJob(
    Guid JobId,
    Guid LeaseToken,
    string Destination,
    int Attempts,
    int Failures,
    Guid StepExecutionId,
    string RecId,
    string StepId,
    ProgramContext Context,
    DateTimeOffset? ExecutedAt,
    DateTimeOffset ReceivedAt,
    string ContactFieldsJson,
    CrmLink? ExistingLink);

public sealed record SyncAttempt(
    DateTimeOffset AttemptedAt,
    OutcomeClass Outcome,
    int? HttpStatus,
    string? Message,
    TimeSpan Duration);

/// <param name="Link">Set on success: the CRM record the contact is now linked to.</param>
public sealed record JobCompletion(ClaimedJob Job, SyncAttempt Attempt, NextStep Next, CrmLink? Link);

/// <summary>Which jobs a replay re-queues; null members match everything. <see cref="Since"/> is the job's creation time.</summary>
public sealed record RequeueFilter(Guid? JobId = null, string? Destination = null, SyncJobStatus? Status = null, DateTimeOffset? Since = null);
