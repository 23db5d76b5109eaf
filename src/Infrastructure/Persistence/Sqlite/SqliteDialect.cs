namespace ActOnSync.Infrastructure.Persistence.Sqlite;

/// <summary>SQLite has one writer at a time (write transactions begin IMMEDIATE): no row locks are needed.</summary>
public sealed class SqliteDialect : SqlDialect
{
    public override string SelectForUpdate(string columns, string table, string where) =>
        $"SELECT {columns} FROM {table} WHERE {where}";

    // One indexed range per status, each stopping at @Max: SQLite cannot seek the OR of the shared
    // filter, and would walk every job the destination ever had (delivered ones included).
    public override string ClaimDueJobs => $"""
        UPDATE sync_jobs SET {LeaseAssignment}
        WHERE id IN (
            SELECT id FROM (
                SELECT * FROM (
                    SELECT id, next_attempt_at FROM sync_jobs
                    WHERE destination = @Destination AND status = 'pending' AND next_attempt_at <= @Now
                    ORDER BY next_attempt_at LIMIT @Max)
                UNION ALL
                SELECT * FROM (
                    SELECT id, next_attempt_at FROM sync_jobs
                    WHERE destination = @Destination AND status = 'in_progress' AND lease_until <= @Now
                    ORDER BY next_attempt_at LIMIT @Max))
            ORDER BY next_attempt_at, id LIMIT @Max)
        """;
}
