namespace ActOnSync.Infrastructure.Persistence.Sqlite;

/// <summary>SQLite has one writer at a time (write transactions begin IMMEDIATE): no row locks are needed.</summary>
public sealed class SqliteDialect : SqlDialect
{
    public override string SelectForUpdate(string columns, string table, string where) =>
        $"SELECT {columns} FROM {table} WHERE {where}";

    public override string ClaimDueJobs => $"""
        UPDATE sync_jobs SET {LeaseAssignment}
        WHERE id IN (SELECT id FROM sync_jobs WHERE {DueJobs} ORDER BY next_attempt_at, id LIMIT @Max)
        """;
}
