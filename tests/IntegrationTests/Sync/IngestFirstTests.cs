namespace ActOnSync.IntegrationTests.Sync;

/// <summary>During a burst of deliveries the sync steps back (Sync:IngestFirstAbovePerSecond), then catches up.</summary>
public sealed class IngestFirstTests : WebhookSyncTest
{
    [Fact]
    public async Task A_burst_is_acknowledged_and_then_every_job_is_delivered_once()
    {
        StartService(("Sync:IngestFirstAbovePerSecond", "5"));

        var jobs = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => SendEventAsync(recId: $"l-{i}:1", email: $"contact{i}@example.com")));

        await WaitUntilAsync(() => jobs.All(job => Job(job).Status == "delivered"), "every job of the burst delivered");
        Assert.Equal(60, Target.Requests.Count);
        Assert.All(jobs, job => Assert.Equal(1, Target.EffectiveDeliveriesOf(job)));
    }
}
