using ActOnSync.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActOnSync.IntegrationTests.Sync;

/// <summary>A clean stop hands every claimed job back at once: none waits for its lease to end.</summary>
public sealed class GracefulShutdownTests : WebhookSyncTest
{
    [Fact]
    public async Task Stopping_releases_the_jobs_in_flight_and_the_buffered_ones_without_an_attempt()
    {
        Target.Script(Enumerable.Repeat(new TargetAnswer(200, Delay: TimeSpan.FromSeconds(30)), 10).ToArray());
        StartService(("Destinations:hook:MaxConcurrency", "2"), ("Sync:ShutdownGraceSeconds", "0.5"));
        for (var i = 0; i < 6; i++)
            await SendEventAsync(recId: $"l-{i}:1", email: $"c{i}@example.com");
        await WaitUntilAsync(() => Target.Requests.Count == 2, "two deliveries are in flight");
        Assert.True(Host.Count("sync_jobs", "status = 'in_progress'") > 2, "jobs beyond the two in flight are buffered under lease");

        Host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        await WaitUntilAsync(() => Host.Count("sync_jobs", "status = 'pending' AND lease_token IS NULL") == 6,
            "every job is pending again, its lease given back");
        Assert.Equal(0, Host.Count("sync_attempts"));
    }
}
