using System.Net;
using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Hosting;

/// <summary>A database server that cannot be reached: deliveries get 503 + Retry-After (Act-On delivers again later) and readiness fails fast.</summary>
public sealed class DatabaseServerDownTests() : ServiceTest(new Dictionary<string, string?>
{
    ["Database:Provider"] = "Postgres",
    // Nothing listens on port 1 of the loopback; no connect timeout set: the service's default applies.
    ["ConnectionStrings:ActOnSync"] = "Host=127.0.0.1;Port=1;Username=actonsync;Database=actonsync",
    ["Database:MigrateAtStart"] = "false",
})
{
    [Fact]
    public async Task A_delivery_gets_503_with_retry_after_and_readiness_fails()
    {
        var delivery = await Client.SendAsync(Deliveries.Signed(Deliveries.Body()));
        var ready = await Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, delivery.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), delivery.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", delivery.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/live")).StatusCode);
    }
}
