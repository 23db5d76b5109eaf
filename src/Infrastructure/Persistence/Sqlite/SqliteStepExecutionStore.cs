using ActOnSync.Application.StepExecutions;
using ActOnSync.Domain.StepExecutions;
using ActOnSync.Domain.Sync;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ActOnSync.Infrastructure.Persistence.Sqlite;

public sealed class SqliteStepExecutionStore(SqliteConnectionFactory connections) : IStepExecutionStore
{
    // DO NOTHING without a target covers both unique constraints: message id and (rec_id, step_id).
    private const string InsertSql = """
        INSERT INTO step_executions (id, message_id, rec_id, step_id, program_id, program_name, step_name, description,
            external_id, crm_link, automated_program_link, contact_report_link, executed_at, received_at, contact_fields, raw_body)
        VALUES (@Id, @MessageId, @RecId, @StepId, @ProgramId, @ProgramName, @StepName, @Description,
            @ExternalId, @CrmLink, @AutomatedProgramLink, @ContactReportLink, @ExecutedAt, @ReceivedAt, @ContactFields, @RawBody)
        ON CONFLICT DO NOTHING
        """;

    private const string FindExistingSql = """
        SELECT id FROM step_executions
        WHERE message_id = @MessageId OR (rec_id = @RecId AND step_id = @StepId)
        LIMIT 1
        """;

    private const string InsertJobSql = """
        INSERT INTO sync_jobs (id, step_execution_id, destination, rec_id, status, next_attempt_at, created_at, updated_at)
        VALUES (@Id, @StepExecutionId, @Destination, @RecId, 'pending', @CreatedAt, @CreatedAt, @CreatedAt)
        """;

    public async Task<AddResult> TryAddAsync(StepExecution execution, IReadOnlyList<SyncJob> jobs, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            // BEGIN IMMEDIATE: take the write lock up front, so the insert never has to upgrade a read lock.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertSql, Parameters(execution), transaction, cancellationToken: cancellationToken));
            if (inserted == 0)
            {
                var existing = await connection.ExecuteScalarAsync<string>(new CommandDefinition(FindExistingSql,
                    new { execution.MessageId, RecId = execution.RecId.Value, StepId = execution.StepId.Value }, transaction, cancellationToken: cancellationToken));
                return AddResult.Duplicate(Guid.Parse(existing!));
            }

            if (jobs.Count > 0)
                await connection.ExecuteAsync(new CommandDefinition(InsertJobSql, jobs.Select(j => new
                {
                    Id = j.Id.ToString(),
                    StepExecutionId = j.StepExecutionId.ToString(),
                    j.Destination,
                    j.RecId,
                    CreatedAt = j.CreatedAt.ToUnixTimeMilliseconds(),
                }), transaction, cancellationToken: cancellationToken));

            // Not cancellable: once the commit starts, the caller must learn its outcome.
            await transaction.CommitAsync(CancellationToken.None);
            return AddResult.New(execution.Id);
        }
        catch (SqliteException ex)
        {
            throw SqliteFaults.Translate(ex);
        }
    }

    private static object Parameters(StepExecution e) => new
    {
        Id = e.Id.ToString(),
        e.MessageId,
        RecId = e.RecId.Value,
        StepId = e.StepId.Value,
        e.Context.ProgramId,
        e.Context.ProgramName,
        e.Context.StepName,
        e.Context.Description,
        e.Context.ExternalId,
        e.Context.CrmLink,
        e.Context.AutomatedProgramLink,
        e.Context.ContactReportLink,
        ExecutedAt = e.ExecutedAt?.ToUnixTimeMilliseconds(),
        ReceivedAt = e.ReceivedAt.ToUnixTimeMilliseconds(),
        ContactFields = e.ContactFieldsJson,
        RawBody = e.RawBody.ToArray(),
    };
}
