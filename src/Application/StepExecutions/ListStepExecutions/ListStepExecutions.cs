using ActOnSync.Application.Common;
using Dapper;
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
    public async Task<Page<StepExecutionSummary>> Handle(ListStepExecutions request, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        if (request.RecId is not null) where.Add("rec_id = @RecId");
        if (request.StepId is not null) where.Add("step_id = @StepId");
        if (request.ProgramId is not null) where.Add("program_id = @ProgramId");
        if (request.ReceivedFrom is not null) where.Add("received_at >= @From");
        if (request.ReceivedTo is not null) where.Add("received_at < @To");
        if (request.After is not null) where.Add("id < @After");
        var sql = $"""
            SELECT {StepExecutionColumns.Summary} FROM step_executions
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY id DESC LIMIT @Take
            """;
        var parameters = new
        {
            request.RecId,
            request.StepId,
            request.ProgramId,
            From = request.ReceivedFrom?.ToUnixTimeMilliseconds(),
            To = request.ReceivedTo?.ToUnixTimeMilliseconds(),
            After = request.After?.ToString(),
            Take = request.Limit + 1,
        };

        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<StepExecutionSummary>(
            new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
        return Page<StepExecutionSummary>.FromOverfetch(rows, request.Limit, r => r.Id);
    }
}
