using ActOnSync.Application.Common;
using Dapper;
using MediatR;

namespace ActOnSync.Application.Sync.RetrySyncJob;

/// <summary>Re-queues one sync job, due now with a fresh failure budget: the replay of a dead letter, or "try now".</summary>
public sealed record RetrySyncJob(Guid Id) : IRequest<RetryStatus>;

public enum RetryStatus
{
    Requeued,
    NotFound,

    /// <summary>A dispatcher holds the job under lease; re-queuing it would hand it to a second worker.</summary>
    InProgress,
}

public sealed class RetrySyncJobHandler(ISyncJobStore jobs, ISqlConnectionFactory connections, SyncWakeUp wakeUp, TimeProvider clock)
    : IRequestHandler<RetrySyncJob, RetryStatus>
{
    private const string ExistsSql = "SELECT COUNT(*) FROM sync_jobs WHERE id = @Id";

    public async Task<RetryStatus> Handle(RetrySyncJob request, CancellationToken cancellationToken)
    {
        if (await jobs.RequeueAsync(new RequeueFilter(JobId: request.Id), clock.GetUtcNow(), cancellationToken) > 0)
        {
            wakeUp.Signal();
            return RetryStatus.Requeued;
        }

        // Asked after the re-queue, not before, so no race: it skips only jobs in progress, and jobs are never deleted.
        await using var connection = await connections.OpenAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(ExistsSql, new { Id = request.Id.ToString() }, cancellationToken: cancellationToken)) > 0;
        return exists ? RetryStatus.InProgress : RetryStatus.NotFound;
    }
}
