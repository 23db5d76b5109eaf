using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Sync;

/// <summary>Answers that mean "later": retried until delivered, and applied once at the target.</summary>
public sealed class WebhookRetryTests : WebhookSyncTest
{
    [Fact]
    public async Task Server_errors_are_retried_until_delivered_and_applied_once()
    {
        Target.Script(new TargetAnswer(500, "database is down"), new TargetAnswer(500), new TargetAnswer(200));
        StartService();

        var jobId = await SendEventAsync();
        await WaitForStatusAsync(jobId, "delivered");

        var attempts = Attempts(jobId);
        Assert.Equal(["Transient", "Transient", "Success"], attempts.Select(a => a.Outcome));
        Assert.Equal([500L, 500L, 200L], attempts.Select(a => a.HttpStatus));
        Assert.Contains("HTTP 500", attempts[0].Message);
        Assert.Contains("database is down", attempts[0].Message);
        Assert.Equal(new JobRow("delivered", 3, 2, "Success", null, "record", "dana.lee@example.com"), Job(jobId));
        Assert.Equal(3, Target.Requests.Count);
        Assert.All(Target.Requests, r => Assert.Equal(jobId.ToString(), r.WebhookId));
        Assert.All(Target.Requests, r => Assert.Null(r.SignatureFailure));
        Assert.Equal(1, Target.EffectiveDeliveriesOf(jobId));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Transient_status_is_retried_and_counts_as_a_failure(int status)
    {
        Target.Script(new TargetAnswer(status));
        StartService();

        var jobId = await SendEventAsync();
        await WaitForStatusAsync(jobId, "delivered");

        var first = Attempts(jobId)[0];
        Assert.Equal(("Transient", (long?)status), (first.Outcome, first.HttpStatus));
        Assert.StartsWith($"HTTP {status}", first.Message);
        Assert.Equal(1, Job(jobId).Failures);
    }

    [Fact]
    public async Task Too_many_requests_waits_as_long_as_retry_after_says_without_counting_a_failure()
    {
        Target.Script(new TargetAnswer(429, "slow down", RetryAfter: "1"), new TargetAnswer(200));
        StartService();

        var jobId = await SendEventAsync();
        await WaitForStatusAsync(jobId, "delivered");

        var requests = Target.Requests;
        Assert.Equal(2, requests.Count);
        // Without Retry-After the wait would be Sync:DefaultThrottleSeconds (0.2 s); the margin is clock granularity.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(5),
            $"The retry came {(requests[1].ReceivedAt - requests[0].ReceivedAt).TotalMilliseconds:0} ms after the 429.");
        Assert.Equal(["Throttled", "Success"], Attempts(jobId).Select(a => a.Outcome));
        Assert.Contains("slow down", Attempts(jobId)[0].Message);
        Assert.Equal(0, Job(jobId).Failures);
    }

    [Fact]
    public async Task Service_unavailable_with_a_retry_date_is_throttled_without_counting_a_failure()
    {
        Target.Script(new TargetAnswer(503, RetryAfter: DateTimeOffset.UtcNow.AddSeconds(1).ToString("R")), new TargetAnswer(200));
        StartService();

        var jobId = await SendEventAsync();
        await WaitForStatusAsync(jobId, "delivered");

        Assert.Equal(["Throttled", "Success"], Attempts(jobId).Select(a => a.Outcome));
        Assert.Equal(0, Job(jobId).Failures);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Answer_slower_than_the_timeout_is_retried_and_applied_once(bool adaptersOwnTimeout)
    {
        Target.Script(new TargetAnswer(200, Delay: TimeSpan.FromSeconds(4)), new TargetAnswer(200));
        StartService(adaptersOwnTimeout ? ("Destinations:hook:TimeoutSeconds", "1") : ("Sync:RequestTimeoutSeconds", "1"));

        var jobId = await SendEventAsync();
        await WaitForStatusAsync(jobId, "delivered");

        var attempts = Attempts(jobId);
        Assert.Equal(["Transient", "Success"], attempts.Select(a => a.Outcome));
        Assert.Null(attempts[0].HttpStatus);
        Assert.Contains("within 1 s", attempts[0].Message);
        Assert.Equal(adaptersOwnTimeout, attempts[0].Message!.Contains("Destinations:hook:TimeoutSeconds"));
        Assert.Equal(2, Target.Requests.Count);
        // The slow answer was applied; the retry carries the same webhook id, so it is not applied again.
        Assert.Equal(1, Target.EffectiveDeliveriesOf(jobId));
    }

    [Fact]
    public async Task Dropped_connection_is_retried()
    {
        Target.Script(TargetAnswer.Dropped);
        StartService();

        var jobId = await SendEventAsync();
        await WaitForStatusAsync(jobId, "delivered");

        var attempts = Attempts(jobId);
        Assert.Equal(["Transient", "Success"], attempts.Select(a => a.Outcome));
        Assert.Contains("could not be reached", attempts[0].Message);
        Assert.Equal(1, Target.EffectiveDeliveriesOf(jobId));
    }

    [Fact]
    public async Task Target_that_refuses_connections_is_retried_until_it_is_back_on_its_port()
    {
        var (url, port) = (Target.Url, Target.Port);
        await Target.DisposeAsync();
        StartService(url, ("Sync:MaxAttempts", "100"));

        var jobId = await SendEventAsync();
        await WaitUntilAsync(() => Attempts(jobId).Count >= 2, "two refused attempts");
        Target = await ScriptedTarget.StartAsync(HookSecret, port);
        await WaitForStatusAsync(jobId, "delivered");

        var attempts = Attempts(jobId);
        Assert.All(attempts.SkipLast(1), refused =>
        {
            Assert.Equal("Transient", refused.Outcome);
            Assert.Null(refused.HttpStatus);
            Assert.Contains("could not be reached", refused.Message);
        });
        Assert.Equal(new AttemptRow("Success", 200, null), attempts[^1]);
        Assert.Single(Target.Requests);
        Assert.Equal(1, Target.EffectiveDeliveriesOf(jobId));
    }
}
