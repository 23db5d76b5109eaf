using System.Net;
using ActOnSync.IntegrationTests.Support;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActOnSync.IntegrationTests.Hosting;

/// <summary>`ActOnSync.Api migrate` applies the schema without starting the service, for deployments that migrate in a step of their own.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrateCommandTests(PostgresCluster cluster) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actonsync-migrate-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Migrate_creates_the_SQLite_schema_and_exits_without_serving_or_needing_secrets()
    {
        var path = Path.Combine(_folder, "new", "actonsync.db");
        using var migrate = new ServiceProcess(new Dictionary<string, string> { ["ConnectionStrings__ActOnSync"] = $"Data Source={path}" }, "migrate");

        var exitCode = await migrate.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, migrate.Output);
        Assert.Contains("migrated to the latest version", migrate.Output);
        Assert.DoesNotContain("Now listening", migrate.Output);
        await using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        var tables = (await db.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToHashSet();
        Assert.Superset(new HashSet<string> { "step_executions", "quarantined_deliveries", "sync_jobs", "sync_attempts", "crm_links", "local_leads", "local_activities" }, tables);
    }

    [Fact]
    public async Task Migrate_reports_a_failure_with_a_non_zero_exit_code()
    {
        using var migrate = new ServiceProcess(new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            // Nothing listens on port 1.
            ["ConnectionStrings__ActOnSync"] = "Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=2",
        }, "migrate");

        var exitCode = await migrate.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Migrating the database failed", migrate.Output);
    }

    [SkippableFact]
    public async Task A_service_that_does_not_migrate_at_start_runs_on_a_PostgreSQL_schema_migrated_beforehand()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        var connectionString = await cluster.CreateDatabaseAsync();
        var database = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__ActOnSync"] = connectionString,
        };
        using (var migrate = new ServiceProcess(database, "migrate"))
            Assert.True(await migrate.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, migrate.Output);

        using var service = new ServiceProcess(new Dictionary<string, string>(database)
        {
            ["Database__MigrateAtStart"] = "false",
            ["Webhooks__SigningSecrets__0"] = ActOnSyncHost.Secret,
            ["Admin__ApiKey"] = ActOnSyncHost.AdminKey,
        });
        using var client = new HttpClient { BaseAddress = await service.WaitUntilListeningAsync(TimeSpan.FromSeconds(60)) };
        var response = await client.SendAsync(Deliveries.Signed(Deliveries.Body()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("MigrateAtStart is false", service.Output);
        await using var db = new NpgsqlConnection(connectionString);
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM step_executions"));
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schemaversions WHERE scriptname LIKE '%0002_sync_jobs.sql'"));
    }
}
