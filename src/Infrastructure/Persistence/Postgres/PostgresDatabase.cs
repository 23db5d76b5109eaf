using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ActOnSync.Infrastructure.Persistence.Postgres;

/// <summary>PostgreSQL through one pooled Npgsql data source; several instances may share the database.</summary>
public sealed class PostgresDatabase : Database, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(IOptions<DatabaseOptions> options) : base(new PostgresDialect())
    {
        ConnectionString = WithDefaults(options.Value.ConnectionString);
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string ConnectionString { get; }

    public static string WithDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!ConnectionStrings.Sets(connectionString, "Timeout", "Connect Timeout", "Connection Timeout"))
            builder.Timeout = ConnectionStrings.DefaultConnectTimeoutSeconds;
        return builder.ToString();
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    // Npgsql marks as transient what a new attempt may not meet: lost or refused connections,
    // timeouts, server shutdown or start-up, too many connections, serialization failures, deadlocks.
    public override bool IsTransient(DbException ex) => ex is NpgsqlException { IsTransient: true };

    // Class 28: the login was refused (no such role, wrong password, pg_hba.conf); 3D000: no such database.
    protected override bool RefusesAccess(DbException ex) =>
        ex is PostgresException { SqlState: var state } && (state.StartsWith("28", StringComparison.Ordinal) || state == PostgresErrorCodes.InvalidCatalogName);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
