using DbUp;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging;

namespace ActOnSync.Infrastructure.Persistence.SqlServer;

/// <summary>Applies the SQL Server scripts; the database itself must exist (see README).</summary>
public sealed class SqlServerMigrator(SqlServerDatabase database, ILogger<SqlServerMigrator> logger) : IDatabaseMigrator
{
    private const string MigrationLock = "ActOnSync.Migrations";

    public void Migrate()
    {
        // Several instances starting together: one migrates, the others wait here, then find nothing to do.
        // Unpooled, so that the session (and its lock) ends with this connection whatever happens.
        var unpooled = new SqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString();
        using var connection = new SqlConnection(unpooled);
        connection.Open();
        using (var take = new SqlCommand("EXEC sp_getapplock @Resource = @Resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1", connection))
        {
            take.Parameters.AddWithValue("@Resource", MigrationLock);
            take.CommandTimeout = 0;
            take.ExecuteNonQuery();
        }

        SchemaUpgrade.Run(DeployChanges.To.SqlDatabase(database.ConnectionString), typeof(SqlServerMigrator), logger);
    }
}
