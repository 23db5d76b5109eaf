namespace ActOnSync.Infrastructure.Persistence;

/// <summary>
/// The SQL that differs between the supported databases; every other statement is shared by the
/// stores in <see cref="Stores"/>. The defaults are the form SQLite and PostgreSQL share.
/// Parameters are named after their columns in PascalCase (<c>rec_id</c> is <c>@RecId</c>).
/// </summary>
public abstract class SqlDialect
{
    /// <summary>Caps a query's rows; placed after ORDER BY.</summary>
    public virtual string Limit(string countParameter) => $"LIMIT {countParameter}";

    /// <summary>
    /// Inserts one row unless it would break one of the table's unique keys; the affected row
    /// count (0 or 1) says which. Safe under concurrency: a racing duplicate waits, then does nothing.
    /// </summary>
    /// <param name="uniqueKeys">The table's unique keys, each a list of columns; only SQL Server needs them spelled out.</param>
    public virtual string InsertIfAbsent(string table, IReadOnlyList<string> columns, params IReadOnlyList<string>[] uniqueKeys) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({Parameters(columns)}) ON CONFLICT DO NOTHING";

    /// <summary>A SELECT that locks the rows it returns until the transaction ends.</summary>
    public abstract string SelectForUpdate(string columns, string table, string where);

    /// <summary>
    /// Leases up to @Max due jobs of @Destination to @Token until @LeaseUntil: pending jobs whose
    /// time has come and jobs whose lease expired, oldest due first. Two workers never get the same job.
    /// </summary>
    public abstract string ClaimDueJobs { get; }

    /// <summary>The shared filter of <see cref="ClaimDueJobs"/>.</summary>
    protected const string DueJobs = """
        destination = @Destination
          AND ((status = 'pending' AND next_attempt_at <= @Now) OR (status = 'in_progress' AND lease_until <= @Now))
        """;

    protected const string LeaseAssignment = "status = 'in_progress', lease_until = @LeaseUntil, lease_token = @Token, updated_at = @Now";

    public static string Parameter(string column) =>
        "@" + string.Concat(column.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    protected static string Parameters(IEnumerable<string> columns) => string.Join(", ", columns.Select(Parameter));
}
