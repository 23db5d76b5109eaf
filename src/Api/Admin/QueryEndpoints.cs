using ActOnSync.Api.Problems;
using ActOnSync.Application.Quarantine.ListQuarantine;
using ActOnSync.Application.StepExecutions.GetStepExecution;
using ActOnSync.Application.StepExecutions.ListStepExecutions;
using MediatR;

namespace ActOnSync.Api.Admin;

/// <summary>The read side: what arrived, and what was kept aside. Every route needs the admin key.</summary>
public static class QueryEndpoints
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<AdminKeyFilter>();

        api.MapGet("/step-executions", async (IMediator mediator, string? recId, string? stepId, string? programId,
            string? receivedFrom, string? receivedTo, string? limit, string? after, CancellationToken ct) =>
        {
            var q = new QueryParameters();
            var query = new ListStepExecutions(recId, stepId, programId, q.Time(nameof(receivedFrom), receivedFrom),
                q.Time(nameof(receivedTo), receivedTo), q.Limit(limit), q.Id(nameof(after), after));
            return q.IsValid ? Results.Ok(await mediator.Send(query, ct)) : TypedResults.ValidationProblem(q.Errors);
        });

        api.MapGet("/step-executions/{id}", async (IMediator mediator, string id, CancellationToken ct) =>
        {
            var q = new QueryParameters();
            var parsed = q.Id(nameof(id), id);
            if (!q.IsValid)
                return TypedResults.ValidationProblem(q.Errors);
            var details = await mediator.Send(new GetStepExecution(parsed!.Value), ct);
            return details is null
                ? Problem.Of(StatusCodes.Status404NotFound, "Step execution not found", $"No step execution has the id {id}.")
                : Results.Ok(details);
        });

        api.MapGet("/quarantine", async (IMediator mediator, string? limit, string? after, CancellationToken ct) =>
        {
            var q = new QueryParameters();
            var query = new ListQuarantine(q.Limit(limit), q.Id(nameof(after), after));
            return q.IsValid ? Results.Ok(await mediator.Send(query, ct)) : TypedResults.ValidationProblem(q.Errors);
        });

        return api;
    }
}
