using DbUp;
using DbUp.Engine.Output;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace ActOnSync.Infrastructure.Persistence.Sqlite;

/// <summary>Creates the database file if needed, switches it to WAL and applies the versioned scripts.</summary>
public sealed class SqliteMigrator(SqliteConnectionFactory connections, ILogger<SqliteMigrator> logger) : IDatabaseMigrator
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

        var result = DeployChanges.To.SqliteDatabase(builder.ToString())
            .WithScriptsEmbeddedInAssembly(typeof(SqliteMigrator).Assembly,
                name => name.Contains(".Persistence.Sqlite.Migrations.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new DbUpLog(logger))
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migrating the SQLite database '{builder.DataSource}' failed at {result.ErrorScript?.Name}.", result.Error);
    }
}
