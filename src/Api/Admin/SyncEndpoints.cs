using ActOnSync.Api.Problems;
using ActOnSync.Application.Sync;
using ActOnSync.Application.Sync.GetSyncJob;
using ActOnSync.Application.Sync.ListDestinations;
using ActOnSync.Application.Sync.ListSyncJobs;
using ActOnSync.Application.Sync.RetrySyncJob;
using ActOnSync.Application.Sync.RetrySyncJobs;
using MediatR;

namespace ActOnSync.Api.Admin;

/// <summary>The sync's admin side: jobs and their attempts, replay of dead letters, the destinations' state.</summary>
public static class SyncEndpoints
{
    /// <param name="api">The admin group of <see cref="QueryEndpoints.MapAdminApi"/>, which requires the admin key.</param>
    public static RouteGroupBuilder MapSyncApi(this RouteGroupBuilder api)
    {
        api.MapGet("/sync-jobs", async (IMediator mediator, string? status, string? destination, string? recId,
            string? limit, string? after, CancellationToken ct) =>
        {
            var q = new QueryParameters();
            var query = new ListSyncJobs(q.Status(status), destination, recId, q.Limit(limit), q.Id(nameof(after), after));
            return q.IsValid ? Results.Ok(await mediator.Send(query, ct)) : TypedResults.ValidationProblem(q.Errors);
        });

        api.MapGet("/sync-jobs/{id}", async (IMediator mediator, string id, CancellationToken ct) =>
        {
            var q = new QueryParameters();
            var parsed = q.Id(nameof(id), id);
            if (!q.IsValid)
                return TypedResults.ValidationProblem(q.Errors);
            var details = await mediator.Send(new GetSyncJob(parsed!.Value), ct);
            return details is null ? JobNotFound(id) : Results.Ok(details);
        });

        api.MapPost("/sync-jobs/{id}/retry", async (IMediator mediator, string id, CancellationToken ct) =>
        {
            var q = new QueryParameters();
            var parsed = q.Id(nameof(id), id);
            if (!q.IsValid)
                return TypedResults.ValidationProblem(q.Errors);
            return await mediator.Send(new RetrySyncJob(parsed!.Value), ct) switch
            {
                RetryStatus.Requeued => Requeued(1),
                RetryStatus.InProgress => Problem.Of(StatusCodes.Status409Conflict, "Sync job in progress",
                    $"The sync job {id} is being delivered right now, so it was not re-queued; retry it once that attempt is recorded."),
                _ => JobNotFound(id),
            };
        });

        api.MapPost("/sync-jobs/retry", async (IMediator mediator, IDestinationCatalog catalog, ReplayFilter? filter, CancellationToken ct) =>
        {
            var q = new QueryParameters();
            var command = new RetrySyncJobs(q.Destination(filter?.Destination, catalog), q.Status(filter?.Status),
                q.Time("since", filter?.Since));
            if (!q.IsValid)
                return TypedResults.ValidationProblem(q.Errors);
            if (!command.IsNarrowed)
                return Problem.Of(StatusCodes.Status400BadRequest, "Replay needs a filter",
                    "Give at least one of destination, status or since (ISO-8601, jobs created at or after it): replaying every job is never meant.");
            return Requeued(await mediator.Send(command, ct));
        });

        api.MapGet("/destinations", async (IMediator mediator, CancellationToken ct) =>
            Results.Ok(await mediator.Send(new ListDestinations(), ct)));

        return api;
    }

    private static IResult Requeued(int count) => Results.Accepted(value: new { requeued = count });

    private static IResult JobNotFound(string id) =>
        Problem.Of(StatusCodes.Status404NotFound, "Sync job not found", $"No sync job has the id {id}.");

    /// <summary>The body of a bulk replay; every member is optional, but one at least is required.</summary>
    public sealed record ReplayFilter(string? Destination, string? Status, string? Since);
}
