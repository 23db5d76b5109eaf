using ActOnSync.Domain.Sync;
using MediatR;

namespace ActOnSync.Application.Sync.RetrySyncJobs;

/// <summary>
/// Re-queues the jobs that match every given filter, due now with a fresh failure budget (replay
/// after an outage or a mapping fix). Jobs in progress are left to their worker.
/// </summary>
/// <param name="Destination">The destination's name as stored on its jobs.</param>
/// <param name="Since">Jobs created at or after this time.</param>
/// <returns>How many jobs were re-queued.</returns>
public sealed record RetrySyncJobs(string? Destination = null, SyncJobStatus? Status = null, DateTimeOffset? Since = null)
    : IRequest<int>
{
    /// <summary>False without any filter: replaying every job ever synced is never what an operator meant.</summary>
    public bool IsNarrowed => Destination is not null || Status is not null || Since is not null;
}

public sealed class RetrySyncJobsHandler(ISyncJobStore jobs, SyncWakeUp wakeUp, TimeProvider clock)
    : IRequestHandler<RetrySyncJobs, int>
{
    public async Task<int> Handle(RetrySyncJobs request, CancellationToken cancellationToken)
    {
        if (!request.IsNarrowed)
            throw new ArgumentException("A replay needs at least one of destination, status or since.", nameof(request));
        var requeued = await jobs.RequeueAsync(new RequeueFilter(null, request.Destination, request.Status, request.Since),
            clock.GetUtcNow(), cancellationToken);
        if (requeued > 0)
            wakeUp.Signal();
        return requeued;
    }
}
