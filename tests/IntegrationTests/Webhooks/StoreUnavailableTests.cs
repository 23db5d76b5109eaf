using System.Net;
using ActOnSync.IntegrationTests.Support;
using Microsoft.Data.Sqlite;

namespace ActOnSync.IntegrationTests.Webhooks;

/// <summary>An unusable store answers 503 + Retry-After, never a 2xx, and the service recovers with it.</summary>
public sealed class StoreUnavailableTests : ServiceTest
{
    [Fact]
    public async Task Database_locked_longer_than_the_timeout_is_503_then_recovers()
    {
        using (var locker = Host.OpenDatabase())
        {
            using var exclusive = locker.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            exclusive.ExecuteNonQuery();

            var response = await Client.SendAsync(Deliveries.Signed(Deliveries.Body()));

            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "nothing was stored");
            Assert.Equal("5", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString());
        }

        var retry = await Client.SendAsync(Deliveries.Signed(Deliveries.Body()));
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(1, Host.Count("step_executions"));
    }

    [Fact]
    public async Task Database_file_gone_is_503_and_not_ready_then_recovers_when_it_is_back()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Client.SendAsync(Deliveries.Signed(Deliveries.Body(recId: "l-1:1")))).StatusCode);
        SqliteConnection.ClearAllPools();
        var aside = Host.DatabasePath + ".aside";
        File.Move(Host.DatabasePath, aside);

        var whileGone = await Client.SendAsync(Deliveries.Signed(Deliveries.Body(recId: "l-2:2")));
        await whileGone.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "nothing was stored");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/live")).StatusCode);
        Assert.False(File.Exists(Host.DatabasePath), "the service must not create an empty database in place of the missing one");

        File.Move(aside, Host.DatabasePath);
        var afterwards = await Client.SendAsync(Deliveries.Signed(Deliveries.Body(recId: "l-2:2")));
        Assert.Equal(HttpStatusCode.Accepted, afterwards.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(2, Host.Count("step_executions"));
    }

    [Fact]
    public async Task Database_file_moved_under_open_connections_is_503_not_a_lost_write()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Client.SendAsync(Deliveries.Signed(Deliveries.Body(recId: "l-1:1")))).StatusCode);
        // Pooled connections still hold the old file: SQLite must refuse to write through them.
        var aside = Host.DatabasePath + ".aside";
        File.Move(Host.DatabasePath, aside);

        var whileMoved = await Client.SendAsync(Deliveries.Signed(Deliveries.Body(recId: "l-2:2")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileMoved.StatusCode);
        File.Move(aside, Host.DatabasePath);
        Assert.Equal(1, Host.Count("step_executions"));
    }
}
