using System.Text;
using System.Text.Json;
using ActOnSync.Infrastructure.Persistence;
using ActOnSync.Infrastructure.Persistence.Sqlite;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ActOnSync.Bench;

/// <summary>A migrated SQLite database with N step executions of N contacts, one queued job each, as the receive path leaves them.</summary>
public static class BenchDatabase
{
    public static void Create(string connectionString, int executions, string destination)
    {
        new SqliteMigrator(new SqliteDatabase(Options.Create(new DatabaseOptions { ConnectionString = connectionString })),
            NullLogger<SqliteMigrator>.Instance).Migrate();

        using var db = new SqliteConnection(connectionString);
        db.Open();
        using var transaction = db.BeginTransaction();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < executions; i++)
        {
            var executionId = Guid.CreateVersion7().ToString();
            var recId = $"l-{i}:1";
            var contact = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["E-mail Address"] = $"contact{i}@example.com", ["First Name"] = "Dana", ["Last Name"] = "Lee", ["Company"] = "Example Manufacturing",
            });
            db.Execute("""
                INSERT INTO step_executions (id, message_id, rec_id, step_id, program_id, program_name, step_name, received_at, executed_at, contact_fields, raw_body)
                VALUES (@Id, @MessageId, @RecId, '3', '00-0001', 'MQL handoff', 'Send to CRM', @Now, @Now, @Contact, @Raw)
                """, new { Id = executionId, MessageId = $"msg_{i}", RecId = recId, Now = now, Contact = contact, Raw = Encoding.UTF8.GetBytes(contact) }, transaction);
            db.Execute("""
                INSERT INTO sync_jobs (id, step_execution_id, destination, rec_id, status, next_attempt_at, created_at, updated_at)
                VALUES (@Id, @ExecutionId, @Destination, @RecId, 'pending', @Now, @Now, @Now)
                """, new { Id = Guid.CreateVersion7().ToString(), ExecutionId = executionId, Destination = destination, RecId = recId, Now = now }, transaction);
        }
        transaction.Commit();
    }
}
