using System.Data.Common;
using ActOnSync.Application.StepExecutions;
using ActOnSync.Domain.StepExecutions;
using ActOnSync.Domain.Sync;
using Dapper;

namespace ActOnSync.Infrastructure.Persistence.Stores;

/// <summary>
/// Step executions and their jobs (the outbox), written by group commit: the events of concurrent
/// deliveries share a transaction, each request answered after the commit that holds its event.
/// </summary>
public sealed class StepExecutionStore : IStepExecutionStore, IAsyncDisposable
{
    private readonly GroupCommit<(StepExecution Execution, IReadOnlyList<SyncJob> Jobs), AddResult> _writes;
    private readonly string _insertSql;
    private readonly string _findExistingSql;

    public StepExecutionStore(Database database)
    {
        _insertSql = database.Sql.InsertIfAbsent("step_executions",
            ["id", "message_id", "rec_id", "step_id", "program_id", "program_name", "step_name", "description", "external_id",
             "crm_link", "automated_program_link", "contact_report_link", "executed_at", "received_at", "contact_fields", "raw_body"],
            ["message_id"], ["rec_id", "step_id"]);
        // The message id first: a retried delivery points at its own row even if another message
        // stored the same (rec_id, step_id).
        _findExistingSql = $"""
            SELECT id FROM step_executions
            WHERE message_id = @MessageId OR (rec_id = @RecId AND step_id = @StepId)
            ORDER BY CASE WHEN message_id = @MessageId THEN 0 ELSE 1 END
            {database.Sql.Limit("1")}
            """;
        _writes = new(database, (connection, transaction, write) => AddAsync(connection, transaction, write.Execution, write.Jobs), urgent: true);
    }
    private const string InsertJobSql = """
        INSERT INTO sync_jobs (id, step_execution_id, destination, rec_id, status, next_attempt_at, created_at, updated_at)
        VALUES (@Id, @StepExecutionId, @Destination, @RecId, 'pending', @CreatedAt, @CreatedAt, @CreatedAt)
        """;

    /// <remarks>
    /// The event and its jobs commit together or not at all. Cancelling stops the wait, not the
    /// write: once queued, the event is stored (a retried delivery then finds it).
    /// </remarks>
    public Task<AddResult> TryAddAsync(StepExecution execution, IReadOnlyList<SyncJob> jobs, CancellationToken cancellationToken) =>
        _writes.WriteAsync((execution, jobs)).WaitAsync(cancellationToken);

    public ValueTask DisposeAsync() => _writes.DisposeAsync();

    /// <remarks>
    /// Safe to re-run (a transient fault re-runs the transaction): if the lost answer was to a
    /// commit that happened, the re-run finds this very event, which still counts as new.
    /// </remarks>
    private async Task<AddResult> AddAsync(DbConnection connection, DbTransaction transaction, StepExecution execution, IReadOnlyList<SyncJob> jobs)
    {
        var inserted = await connection.ExecuteAsync(new CommandDefinition(_insertSql, Parameters(execution), transaction));
        if (inserted == 0)
        {
            var existing = Guid.Parse((await connection.ExecuteScalarAsync<string>(new CommandDefinition(_findExistingSql,
                new { execution.MessageId, RecId = execution.RecId.Value, StepId = execution.StepId.Value }, transaction)))!);
            return existing == execution.Id ? AddResult.New(existing) : AddResult.Duplicate(existing);
        }

        if (jobs.Count > 0)
            await connection.ExecuteAsync(new CommandDefinition(InsertJobSql, jobs.Select(j => new
            {
                Id = j.Id.ToString(),
                StepExecutionId = j.StepExecutionId.ToString(),
                j.Destination,
                j.RecId,
                CreatedAt = j.CreatedAt.ToUnixTimeMilliseconds(),
            }), transaction));
        return AddResult.New(execution.Id);
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
