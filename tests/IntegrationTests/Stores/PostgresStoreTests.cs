using ActOnSync.Application.Common;
using ActOnSync.Infrastructure.Persistence;
using ActOnSync.Infrastructure.Persistence.Postgres;
using ActOnSync.Infrastructure.Persistence.Stores;
using ActOnSync.IntegrationTests.Support;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ActOnSync.IntegrationTests.Stores;

/// <summary>The store contract on a real PostgreSQL server: a throw-away cluster the test run starts (<see cref="PostgresCluster"/>).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresCluster cluster) : StoreContract
{
    private string _connectionString = "";

    protected override async Task<(string Provider, string ConnectionString)> CreateDatabaseAsync()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        _connectionString = await cluster.CreateDatabaseAsync();
        return ("Postgres", _connectionString);
    }

    [SkippableFact]
    public async Task Pooled_connections_the_server_dropped_are_replaced_without_failing_the_write()
    {
        await StoreWithJobAsync(recId: "l-1:1");
        // What a server restart or a failover does to the pool: every session of the database ends.
        await using (var admin = new NpgsqlConnection(cluster.ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", admin);
            terminate.Parameters.AddWithValue("name", new NpgsqlConnectionStringBuilder(_connectionString).Database!);
            Assert.True(await terminate.ExecuteNonQueryAsync() != 0);
        }

        var execution = Execution(recId: "l-2:1");
        var result = await Executions.TryAddAsync(execution, [JobFor(execution)], CancellationToken.None);

        Assert.True(result.Added);
        Assert.Equal(2, await CountAsync("step_executions"));
    }

    [SkippableFact]
    public async Task A_server_that_stays_down_is_reported_unavailable_after_the_retries()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        // Nothing listens on port 1 of the loopback.
        await using var database = new PostgresDatabase(Options.Create(new DatabaseOptions
        {
            ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=1",
        }));
        var store = new StepExecutionStore(database);

        var started = DateTime.UtcNow;
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.TryAddAsync(Execution(), [], CancellationToken.None));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => database.OpenAsync(CancellationToken.None));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(15));
    }
}
