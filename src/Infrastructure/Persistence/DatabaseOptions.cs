namespace ActOnSync.Infrastructure.Persistence;

/// <summary>Bound from the <c>Database</c> section; the connection string is <c>ConnectionStrings:ActOnSync</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "ActOnSync";

    public string Provider { get; set; } = "Sqlite";

    public string ConnectionString { get; set; } = "";
}
