using ActOnSync.Application.Common;
using MediatR;

namespace ActOnSync.Application.StepExecutions.ListStepExecutions;

/// <summary>Stored step executions, newest first, keyset-paged by id (ids are time-ordered UUIDv7).</summary>
public sealed record ListStepExecutions(
    string? RecId = null,
    string? StepId = null,
    string? ProgramId = null,
    DateTimeOffset? ReceivedFrom = null,
    DateTimeOffset? ReceivedTo = null,
    int Limit = Page<StepExecutionSummary>.DefaultLimit,
    Guid? After = null) : IRequest<Page<StepExecutionSummary>>;

public sealed class ListStepExecutionsHandler(ISqlConnectionFactory connections)
    : IRequestHandler<ListStepExecutions, Page<StepExecutionSummary>>
{
    public Task<Page<StepExecutionSummary>> Handle(ListStepExecutions request, CancellationToken cancellationToken) =>
        KeysetPage.QueryAsync<StepExecutionSummary>(connections, StepExecutionColumns.Summary, "step_executions",
            [
                request.RecId is null ? null : "rec_id = @RecId",
                request.StepId is null ? null : "step_id = @StepId",
                request.ProgramId is null ? null : "program_id = @ProgramId",
                request.ReceivedFrom is null ? null : "received_at >= @From",
                request.ReceivedTo is null ? null : "received_at < @To",
            ],
            new
            {
                request.RecId,
                request.StepId,
                request.ProgramId,
                From = request.ReceivedFrom?.ToUnixTimeMilliseconds(),
                To = request.ReceivedTo?.ToUnixTimeMilliseconds(),
            },
            request.After, request.Limit, r => r.Id, cancellationToken);
}
