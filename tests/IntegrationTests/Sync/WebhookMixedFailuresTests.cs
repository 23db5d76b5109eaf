using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Sync;

public sealed class WebhookMixedFailuresTests : WebhookSyncTest
{
    [Fact]
    public async Task Twenty_events_through_a_random_mix_of_failures_are_all_delivered_and_each_applied_exactly_once()
    {
        var random = new Random(20251204);
        TargetAnswer[] failures =
        [
            new(500), new(502), new(503), new(504), new(408), new(429), new(429, RetryAfter: "0"), new(503, RetryAfter: "0"),
            TargetAnswer.Dropped,
        ];
        TargetAnswer[] successes = [new(200), new(201), new(204)];
        var script = Enumerable.Range(0, 40)
            .Select(_ => random.Next(2) == 0 ? failures[random.Next(failures.Length)] : successes[random.Next(successes.Length)])
            .ToList();
        // Applied, but the answer comes after the timeout: the retry must not apply it a second time.
        for (var i = 0; i < 2; i++)
            script.Insert(random.Next(script.Count), new TargetAnswer(200, Delay: TimeSpan.FromSeconds(2)));
        Target.Script([.. script]);
        StartService(("Sync:MaxAttempts", "100"), ("Sync:RequestTimeoutSeconds", "1"));

        var jobIds = new List<string>();
        for (var i = 0; i < 20; i++)
            jobIds.Add((await SendEventAsync(recId: $"l-{i:000}:1", email: $"contact{i}@example.com")).ToString());
        await WaitUntilAsync(() => Host.Count("sync_jobs", "status = 'delivered'") == 20,
            $"all 20 jobs delivered ({Host.Count("sync_jobs", "status = 'delivered'")} are)");

        Assert.Equal(0, Host.Count("sync_jobs", "status <> 'delivered'"));
        Assert.Equal(jobIds.Order(), Target.EffectiveDeliveries.Keys.Order());
        Assert.All(Target.EffectiveDeliveries.Values, applied => Assert.Equal(1, applied));
        var requests = Target.Requests;
        Assert.All(requests, r => Assert.Null(r.SignatureFailure));
        Assert.All(requests, r => Assert.Equal(r.JobId, r.WebhookId));
        Assert.True(requests.Count > 20, "The script should have made some deliveries fail.");
        // Every request was recorded as an attempt, and every attempt was a request.
        Assert.Equal(requests.Count, Host.Count("sync_attempts"));
        Assert.Equal(20, Host.Count("crm_links", "destination = 'hook'"));
    }
}
