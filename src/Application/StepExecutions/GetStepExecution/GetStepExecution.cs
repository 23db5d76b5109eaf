using System.Text;
using System.Text.Json;
using ActOnSync.Application.Common;
using Dapper;
using MediatR;

namespace ActOnSync.Application.StepExecutions.GetStepExecution;

/// <summary>Everything stored about one step execution, contact fields and raw body included.</summary>
public sealed record GetStepExecution(Guid Id) : IRequest<StepExecutionDetails?>;

public sealed class StepExecutionDetails : StepExecutionSummary
{
    public string? Description { get; init; }
    public string? ExternalId { get; init; }
    public string? CrmLink { get; init; }
    public string? AutomatedProgramLink { get; init; }
    public string? ContactReportLink { get; init; }
    public JsonElement ContactFields => JsonDocument.Parse(ContactFieldsJson).RootElement.Clone();
    public string RawBody => Encoding.UTF8.GetString(RawBodyBytes);

    private string ContactFieldsJson { get; init; } = "{}";
    private byte[] RawBodyBytes { get; init; } = [];
}

public sealed class GetStepExecutionHandler(ISqlConnectionFactory connections)
    : IRequestHandler<GetStepExecution, StepExecutionDetails?>
{
    private const string Sql = $"""
        SELECT {StepExecutionColumns.Summary},
               description AS Description, external_id AS ExternalId, crm_link AS CrmLink,
               automated_program_link AS AutomatedProgramLink, contact_report_link AS ContactReportLink,
               contact_fields AS ContactFieldsJson, raw_body AS RawBodyBytes
        FROM step_executions WHERE id = @Id
        """;

    public async Task<StepExecutionDetails?> Handle(GetStepExecution request, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StepExecutionDetails>(
            new CommandDefinition(Sql, new { Id = request.Id.ToString() }, cancellationToken: cancellationToken));
    }
}
