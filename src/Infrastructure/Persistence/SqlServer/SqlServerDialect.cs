namespace ActOnSync.Infrastructure.Persistence.SqlServer;

public sealed class SqlServerDialect : SqlDialect
{
    public override string Limit(string countParameter) => $"OFFSET 0 ROWS FETCH NEXT {countParameter} ROWS ONLY";

    // One NOT EXISTS per unique key, so each is an index seek whose key range HOLDLOCK locks:
    // a racing duplicate waits for this transaction, then sees the row. (One OR of both keys
    // would scan, and lock the whole table.)
    public override string InsertIfAbsent(string table, IReadOnlyList<string> columns, params IReadOnlyList<string>[] uniqueKeys)
    {
        if (uniqueKeys.Length == 0)
            throw new ArgumentException("SQL Server needs the unique keys to test.", nameof(uniqueKeys));
        var absent = uniqueKeys.Select(key =>
            $"NOT EXISTS (SELECT 1 FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE {string.Join(" AND ", key.Select(c => $"{c} = {Parameter(c)}"))})");
        return $"INSERT INTO {table} ({string.Join(", ", columns)}) SELECT {Parameters(columns)} WHERE {string.Join(" AND ", absent)}";
    }

    public override string SelectForUpdate(string columns, string table, string where) =>
        $"SELECT {columns} FROM {table} WITH (UPDLOCK, ROWLOCK) WHERE {where}";

    // READPAST skips rows another instance has locked (its claim in flight) instead of waiting.
    public override string ClaimDueJobs => $"""
        WITH due AS (
            SELECT TOP (@Max) * FROM sync_jobs WITH (UPDLOCK, READPAST, ROWLOCK)
            WHERE {DueJobs}
            ORDER BY next_attempt_at, id)
        UPDATE due SET {LeaseAssignment}
        """;
}
