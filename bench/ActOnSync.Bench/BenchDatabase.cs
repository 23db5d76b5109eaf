using System.Text;
using System.Text.Json;
using ActOnSync.Application.StepExecutions.ReceiveStepExecuted;
using ActOnSync.Domain.StepExecutions;
using ActOnSync.Infrastructure.Persistence;
using ActOnSync.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ActOnSync.Bench;

/// <summary>Migrated SQLite databases holding step executions and their sync jobs, written directly, in big transactions.</summary>
public static class BenchDatabase
{
    private const int RowsPerTransaction = 50_000;

    /// <summary>N step executions of N contacts, one queued job each, as the receive path leaves them.</summary>
    public static void Create(string connectionString, int executions, string destination)
    {
        Migrate(connectionString);
        var now = DateTimeOffset.UtcNow;
        var context = new ProgramContext(ProgramId: "00-0001", ProgramName: "MQL handoff", StepName: "Send to CRM");
        Insert(connectionString, destination, "pending", Enumerable.Range(0, executions).Select(i =>
        {
            var contact = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["E-mail Address"] = $"contact{i}@example.com", ["First Name"] = "Dana", ["Last Name"] = "Lee", ["Company"] = "Example Manufacturing",
            });
            return new StepExecution(Guid.CreateVersion7(), $"msg_{i}", new RecId($"l-{i}:1"), new StepId("3"), context, now, now, contact, Encoding.UTF8.GetBytes(contact));
        }));
    }

    /// <summary>
    /// N step executions of new contacts (<see cref="WebhookEvents"/>), stored as the service stores
    /// them, each with its job already delivered: history the dispatcher has nothing left to do on.
    /// </summary>
    public static void Preload(string connectionString, int executions, string destination)
    {
        Migrate(connectionString);
        Insert(connectionString, destination, "delivered", Enumerable.Range(0, executions).Select(_ =>
        {
            var e = WebhookEvents.Next();
            var payload = StepExecutedPayload.Parse(e.Body, out var error) ?? throw new InvalidOperationException(error);
            var now = DateTimeOffset.UtcNow;
            return new StepExecution(Guid.CreateVersion7(now), e.MessageId, payload.RecId, payload.StepId, payload.Context,
                payload.ExecutedAt, now, payload.ContactFieldsJson, e.Body);
        }));
    }

    private static void Migrate(string connectionString) =>
        new SqliteMigrator(new SqliteDatabase(Options.Create(new DatabaseOptions { ConnectionString = connectionString })),
            NullLogger<SqliteMigrator>.Instance).Migrate();

    // The columns SqliteStepExecutionStore writes, with prepared commands: a million rows take seconds, not minutes.
    private static void Insert(string connectionString, string destination, string jobStatus, IEnumerable<StepExecution> executions)
    {
        using var db = new SqliteConnection(connectionString);
        db.Open();
        // This connection only: nothing here needs to survive a power cut.
        Execute(db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;");

        using var execution = Command(db, """
            INSERT INTO step_executions (id, message_id, rec_id, step_id, program_id, program_name, step_name, description,
                external_id, crm_link, automated_program_link, contact_report_link, executed_at, received_at, contact_fields, raw_body)
            VALUES ($id, $messageId, $recId, $stepId, $programId, $programName, $stepName, $description,
                $externalId, $crmLink, $automatedProgramLink, $contactReportLink, $executedAt, $receivedAt, $contactFields, $rawBody)
            """);
        using var job = Command(db, """
            INSERT INTO sync_jobs (id, step_execution_id, destination, rec_id, status, attempts, next_attempt_at, created_at, updated_at)
            VALUES ($id, $executionId, $destination, $recId, $status, $attempts, $at, $at, $at)
            """);
        job.Parameters["$destination"].Value = destination;
        job.Parameters["$status"].Value = jobStatus;
        job.Parameters["$attempts"].Value = jobStatus == "pending" ? 0 : 1;

        SqliteTransaction? transaction = null;
        var rows = 0;
        foreach (var e in executions)
        {
            if (rows++ % RowsPerTransaction == 0)
            {
                transaction?.Commit();
                transaction?.Dispose();
                transaction = db.BeginTransaction();
                execution.Transaction = job.Transaction = transaction;
            }
            Set(execution, ("$id", e.Id.ToString()), ("$messageId", e.MessageId), ("$recId", e.RecId.Value), ("$stepId", e.StepId.Value),
                ("$programId", e.Context.ProgramId), ("$programName", e.Context.ProgramName), ("$stepName", e.Context.StepName),
                ("$description", e.Context.Description), ("$externalId", e.Context.ExternalId), ("$crmLink", e.Context.CrmLink),
                ("$automatedProgramLink", e.Context.AutomatedProgramLink), ("$contactReportLink", e.Context.ContactReportLink),
                ("$executedAt", e.ExecutedAt?.ToUnixTimeMilliseconds()), ("$receivedAt", e.ReceivedAt.ToUnixTimeMilliseconds()),
                ("$contactFields", e.ContactFieldsJson), ("$rawBody", e.RawBody.ToArray()));
            execution.ExecuteNonQuery();
            Set(job, ("$id", Guid.CreateVersion7(e.ReceivedAt).ToString()), ("$executionId", e.Id.ToString()), ("$recId", e.RecId.Value),
                ("$at", e.ReceivedAt.ToUnixTimeMilliseconds()));
            job.ExecuteNonQuery();
        }
        transaction?.Commit();
        transaction?.Dispose();
        // The service starts on a checkpointed file, as after a quiet night, and on disk: the kernel
        // would otherwise write these GBs back during the measured run, beside the service's fsyncs.
        Execute(db, "PRAGMA wal_checkpoint(TRUNCATE);");
        using var file = new FileStream(db.DataSource, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        file.Flush(flushToDisk: true);
    }

    /// <summary>A prepared command with one parameter per <c>$name</c> in its text.</summary>
    private static SqliteCommand Command(SqliteConnection db, string sql)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(sql, @"\$\w+").Select(m => m.Value).Distinct())
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private static void Set(SqliteCommand command, params (string Name, object? Value)[] values)
    {
        foreach (var (name, value) in values)
            command.Parameters[name].Value = value ?? DBNull.Value;
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
