namespace ActOnSync.Infrastructure.Persistence.Postgres;

public sealed class PostgresDialect : SqlDialect
{
    public override string SelectForUpdate(string columns, string table, string where) =>
        $"SELECT {columns} FROM {table} WHERE {where} FOR UPDATE";

    // SKIP LOCKED: a second instance claiming at the same moment passes over the rows this one is
    // taking instead of waiting for them, then finds them leased.
    public override string ClaimDueJobs => $"""
        UPDATE sync_jobs SET {LeaseAssignment}
        WHERE id IN (
            SELECT id FROM sync_jobs WHERE {DueJobs}
            ORDER BY next_attempt_at, id LIMIT @Max
            FOR UPDATE SKIP LOCKED)
        """;
}
