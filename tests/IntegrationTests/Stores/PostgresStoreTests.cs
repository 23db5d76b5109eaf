using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Stores;

/// <summary>The store contract on a real PostgreSQL server: a throw-away cluster the test run starts (<see cref="PostgresCluster"/>).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresCluster cluster) : StoreContract
{
    protected override async Task<(string Provider, string ConnectionString)> CreateDatabaseAsync()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        return ("Postgres", await cluster.CreateDatabaseAsync());
    }
}
