using System.Net;
using ActOnSync.IntegrationTests.Support;
using Npgsql;

namespace ActOnSync.IntegrationTests.Hosting;

/// <summary>
/// A server that turns the configured login or database away is an outage until an operator
/// fixes the settings: 503 + Retry-After (Act-On delivers again later), not a 500.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseRefusesAccessTests(PostgresCluster cluster)
{
    [SkippableTheory]
    [InlineData("no_such_role", "postgres")]
    [InlineData("postgres", "no_such_database")]
    public async Task A_delivery_gets_503_with_retry_after_and_readiness_fails(string username, string database)
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        var connectionString = new NpgsqlConnectionStringBuilder(cluster.ConnectionString(database)) { Username = username }.ToString();
        using var host = new ActOnSyncHost(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:ActOnSync"] = connectionString,
            ["Database:MigrateAtStart"] = "false",
        });
        using var client = host.CreateClient();

        var delivery = await client.SendAsync(Deliveries.Signed(Deliveries.Body()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, delivery.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), delivery.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", delivery.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
