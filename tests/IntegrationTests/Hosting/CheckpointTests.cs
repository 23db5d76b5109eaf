using System.Net;
using ActOnSync.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActOnSync.IntegrationTests.Hosting;

/// <summary>SQLite's write-ahead log is copied into the database file in the background, not by the commits.</summary>
public sealed class CheckpointTests
{
    [Fact]
    public async Task The_checkpointer_empties_the_log_at_a_graceful_stop()
    {
        var host = new ActOnSyncHost();
        string wal;
        try
        {
            using var client = host.CreateClient();
            for (var i = 0; i < 20; i++)
                Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Deliveries.Signed(Deliveries.Body(recId: $"l-{i}:1")))).StatusCode);
            wal = host.DatabasePath + "-wal";
            Assert.True(new FileInfo(wal).Length > 0);
        }
        finally
        {
            // A graceful stop: the hosted services stop, the checkpointer truncates the log.
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            var stopped = new TaskCompletionSource();
            lifetime.ApplicationStopped.Register(() => stopped.TrySetResult());
            lifetime.StopApplication();
            await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(0, new FileInfo(wal).Length);
        Assert.Equal(20, host.Count("step_executions"));
        host.Dispose();
    }
}
