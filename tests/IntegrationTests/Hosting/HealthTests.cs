using System.Net;
using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Hosting;

public sealed class HealthTests : ServiceTest
{
    [Fact]
    public async Task Live_and_ready_answer_200_when_the_store_is_reachable()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public void Database_is_migrated_at_start_in_wal_mode_with_full_sync()
    {
        using var db = Host.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar() as string);
        command.CommandText = "PRAGMA synchronous";
        Assert.Equal(2L, command.ExecuteScalar()); // FULL: a commit survives power loss
        Assert.True(Host.Count("SchemaVersions") >= 1);
    }
}
