using ActOnSync.Application.Common;
using ActOnSync.Domain.Sync;
using MediatR;

namespace ActOnSync.Application.Sync.ListSyncJobs;

/// <summary>Sync jobs, newest first, keyset-paged by id (ids are time-ordered UUIDv7); the dead letters are one status.</summary>
public sealed record ListSyncJobs(
    SyncJobStatus? Status = null,
    string? Destination = null,
    string? RecId = null,
    int Limit = Page<SyncJobView>.DefaultLimit,
    Guid? After = null) : IRequest<Page<SyncJobView>>;

public sealed class ListSyncJobsHandler(ISqlConnectionFactory connections)
    : IRequestHandler<ListSyncJobs, Page<SyncJobView>>
{
    public Task<Page<SyncJobView>> Handle(ListSyncJobs request, CancellationToken cancellationToken) =>
        KeysetPage.QueryAsync<SyncJobView>(connections, SyncJobColumns.View, "sync_jobs",
            [
                request.Status is null ? null : "status = @Status",
                request.Destination is null ? null : "destination = @Destination",
                // Through the step executions: sync_jobs has no index on rec_id (it would cost every insert a random page).
                request.RecId is null ? null : "step_execution_id IN (SELECT id FROM step_executions WHERE rec_id = @RecId)",
            ],
            new { Status = request.Status?.ToText(), request.Destination, request.RecId },
            request.After, request.Limit, r => r.Id, cancellationToken);
}
