namespace ActOnSync.Infrastructure.Persistence;

/// <summary>Bound from the <c>Database</c> section; the connection string is <c>ConnectionStrings:ActOnSync</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "ActOnSync";

    /// <summary>Sqlite (the embedded default), Postgres or SqlServer.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// Apply the migrations when the service starts (several instances starting together take
    /// turns). False when a deployment step runs <c>ActOnSync.Api migrate</c> with a login that
    /// may change the schema, and the service's own login may not.
    /// </summary>
    public bool MigrateAtStart { get; set; } = true;

    public string ConnectionString { get; set; } = "";
}
