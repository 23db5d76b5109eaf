using DbUp;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ActOnSync.Infrastructure.Persistence.Postgres;

/// <summary>Applies the PostgreSQL scripts; the database itself must exist (see README).</summary>
public sealed class PostgresMigrator(PostgresDatabase database, ILogger<PostgresMigrator> logger) : IDatabaseMigrator
{
    // Any fixed number: the advisory lock every ActOnSync migrator takes.
    private const long MigrationLock = 0x4163_744F_6E53_796E; // "ActOnSyn"

    public void Migrate()
    {
        // Several instances starting together: one migrates, the others wait here, then find nothing to do.
        // Unpooled, so that even a crash between lock and unlock ends the session, and the lock with it.
        var unpooled = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString();
        using var connection = new NpgsqlConnection(unpooled);
        connection.Open();
        Run(connection, "SELECT pg_advisory_lock(@key)");
        try
        {
            SchemaUpgrade.Run(DeployChanges.To.PostgresqlDatabase(database.ConnectionString), typeof(PostgresMigrator), logger);
        }
        finally
        {
            Run(connection, "SELECT pg_advisory_unlock(@key)");
        }
    }

    private static void Run(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", MigrationLock);
        command.ExecuteNonQuery();
    }
}
