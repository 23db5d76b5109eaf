using Dapper;
using Microsoft.Data.Sqlite;

namespace ActOnSync.Bench;

/// <summary>
/// One 2xx the service gave: the step execution id its body named and, when the sender kept
/// them, the event's (recId, stepId).
/// </summary>
public readonly record struct Acknowledged(Guid Id, string? RecId = null, string? StepId = null);

/// <param name="Acknowledged">2xx answers checked.</param>
/// <param name="AcknowledgedTwice">Answers naming a row another answer already named.</param>
/// <param name="Missing">Answers whose row is not in the database (by recId + stepId when known, else by id).</param>
/// <param name="WrongId">Rows found by recId + stepId under another id than the answer named.</param>
/// <param name="JobsMissing">Acknowledged rows without a job for one of the enabled destinations.</param>
/// <param name="Rows">Step executions in the database.</param>
/// <param name="RowsWithoutJobs">Stored rows (acknowledged or not) without a job for one of the enabled destinations.</param>
public sealed record AcknowledgementCheck(long Acknowledged, long AcknowledgedTwice, long Missing, long WrongId, long JobsMissing,
    long Rows, long RowsWithoutJobs)
{
    public bool EveryAcknowledgedStored => Missing == 0 && WrongId == 0 && AcknowledgedTwice == 0;

    public bool EveryRowHasItsJobs => JobsMissing == 0 && RowsWithoutJobs == 0;
}

/// <summary>Looks what the service acknowledged up in its database, read directly (WAL: beside the running service).</summary>
public static class Acknowledgements
{
    public static AcknowledgementCheck Check(string connectionString, IEnumerable<Acknowledged> acknowledged, IReadOnlyList<string> destinations)
    {
        // Not pooled: the temporary table goes with the connection.
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        db.Open();
        db.Execute("CREATE TEMP TABLE acknowledged (id TEXT NOT NULL, rec_id TEXT NULL, step_id TEXT NULL, row_id TEXT NULL)");
        using (var transaction = db.BeginTransaction())
        {
            db.Execute("INSERT INTO acknowledged (id, rec_id, step_id) VALUES (@Id, @RecId, @StepId)",
                acknowledged.Select(a => new { Id = a.Id.ToString(), a.RecId, a.StepId }), transaction);
            transaction.Commit();
        }
        // By the business key when known (a row under another id is then told apart from no row), else by id.
        db.Execute("""
            UPDATE acknowledged SET row_id = CASE WHEN rec_id IS NULL
                THEN (SELECT e.id FROM step_executions e WHERE e.id = acknowledged.id)
                ELSE (SELECT e.id FROM step_executions e WHERE e.rec_id = acknowledged.rec_id AND e.step_id = acknowledged.step_id) END
            """);

        // A row lacks a job when one enabled destination has none for it.
        const string lacksJob = """
            EXISTS (SELECT 1 FROM json_each(@Destinations) d
                    WHERE NOT EXISTS (SELECT 1 FROM sync_jobs j WHERE j.step_execution_id = {0} AND j.destination = d.value))
            """;
        var parameters = new { Destinations = System.Text.Json.JsonSerializer.Serialize(destinations) };
        return new AcknowledgementCheck(
            Acknowledged: db.ExecuteScalar<long>("SELECT COUNT(*) FROM acknowledged"),
            AcknowledgedTwice: db.ExecuteScalar<long>("SELECT COUNT(*) - COUNT(DISTINCT id) FROM acknowledged"),
            Missing: db.ExecuteScalar<long>("SELECT COUNT(*) FROM acknowledged WHERE row_id IS NULL"),
            WrongId: db.ExecuteScalar<long>("SELECT COUNT(*) FROM acknowledged WHERE row_id <> id"),
            JobsMissing: db.ExecuteScalar<long>($"SELECT COUNT(*) FROM acknowledged WHERE row_id IS NOT NULL AND {string.Format(lacksJob, "row_id")}", parameters),
            Rows: db.ExecuteScalar<long>("SELECT COUNT(*) FROM step_executions"),
            RowsWithoutJobs: db.ExecuteScalar<long>($"SELECT COUNT(*) FROM step_executions e WHERE {string.Format(lacksJob, "e.id")}", parameters));
    }
}
