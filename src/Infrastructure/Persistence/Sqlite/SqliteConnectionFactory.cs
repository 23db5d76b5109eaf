using System.Data.Common;
using ActOnSync.Application.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ActOnSync.Infrastructure.Persistence.Sqlite;

public sealed class SqliteConnectionFactory : ISqlConnectionFactory
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;

    public SqliteConnectionFactory(IOptions<DatabaseOptions> options)
    {
        var builder = new SqliteConnectionStringBuilder(options.Value.ConnectionString)
        {
            // At run time the file must exist: a vanished database is an outage (503), never
            // an empty new file that silently takes writes.
            Mode = SqliteOpenMode.ReadWrite,
        };
        _busyTimeoutMs = builder.DefaultTimeout * 1000;
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
    }

    public string DataSource { get; }

    public string ConnectionString => _connectionString;

    async Task<DbConnection> ISqlConnectionFactory.OpenAsync(CancellationToken cancellationToken) =>
        await OpenAsync(cancellationToken);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        // A pooled connection keeps writing to a database file that was deleted or moved away
        // (in WAL mode SQLite does not notice): those writes would be acknowledged, then lost.
        if (!File.Exists(DataSource))
        {
            SqliteConnection.ClearAllPools();
            throw new StoreUnavailableException($"The database file '{DataSource}' is missing.");
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // SQLite's own busy handler waits in small steps (the provider's fallback sleeps 150 ms).
            // synchronous stays at the bundled default, FULL: a commit survives power loss, which is
            // what a 2xx to Act-On promises (HealthTests checks it).
            using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMs};";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw SqliteFaults.Translate(ex);
        }
    }
}
