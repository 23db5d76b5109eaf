using DbUp;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace ActOnSync.Infrastructure.Persistence.Sqlite;

/// <summary>Creates the database file if needed, switches it to WAL and applies the versioned scripts.</summary>
public sealed class SqliteMigrator(SqliteDatabase connections, ILogger<SqliteMigrator> logger) : IDatabaseMigrator
{
    public void Migrate()
    {
        var builder = new SqliteConnectionStringBuilder(connections.ConnectionString) { Mode = SqliteOpenMode.ReadWriteCreate };
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);

        using (var connection = new SqliteConnection(builder.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // WAL lets readers run beside the single writer; the setting is stored in the file.
            command.CommandText = "PRAGMA journal_mode = WAL;";
            command.ExecuteNonQuery();
        }

        SchemaUpgrade.Run(DeployChanges.To.SqliteDatabase(builder.ToString()), typeof(SqliteMigrator), logger);
    }
}
