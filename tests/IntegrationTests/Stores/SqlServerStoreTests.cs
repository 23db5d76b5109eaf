using Microsoft.Data.SqlClient;

namespace ActOnSync.IntegrationTests.Stores;

/// <summary>
/// The store contract on SQL Server or Azure SQL, when ACTONSYNC_TEST_SQLSERVER holds a connection
/// string whose login may create databases (each test makes one and drops it).
/// </summary>
public sealed class SqlServerStoreTests : StoreContract
{
    public const string Variable = "ACTONSYNC_TEST_SQLSERVER";

    private static readonly string? Server = Environment.GetEnvironmentVariable(Variable);
    private string? _database;

    protected override async Task<(string Provider, string ConnectionString)> CreateDatabaseAsync()
    {
        Skip.If(string.IsNullOrWhiteSpace(Server),
            $"SQL Server tests skipped: set {Variable} to a connection string (e.g. \"Server=127.0.0.1,1433;User ID=sa;Password=...;TrustServerCertificate=True\").");
        _database = $"actonsync_test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE [{_database}]");
        return ("SqlServer", new SqlConnectionStringBuilder(Server) { InitialCatalog = _database }.ToString());
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_database is null)
            return;
        SqlConnection.ClearAllPools();
        await ExecuteAsync($"ALTER DATABASE [{_database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{_database}]");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqlConnection(new SqlConnectionStringBuilder(Server) { InitialCatalog = "master" }.ToString());
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
