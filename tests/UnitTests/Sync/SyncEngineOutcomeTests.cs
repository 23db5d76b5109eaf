using ActOnSync.Application.Sync;
using ActOnSync.Domain.Sync;
using NSubstitute;

namespace ActOnSync.UnitTests.Sync;

/// <summary>Each class of adapter answer ends in the right completion of the job.</summary>
public sealed class SyncEngineOutcomeTests
{
    private static readonly DateTimeOffset Now = SyncFixtures.Now;
    private readonly EngineHarness _h = new();

    [Fact]
    public async Task Success_is_delivered_and_links_the_contact_to_the_CRM_record()
    {
        _h.AdapterAnswers(SyncOutcome.Success("lead", "00Q5e00000AbCdE", created: true, httpStatus: 201));
        var job = SyncFixtures.Job();

        var completion = await _h.CompleteOneAsync(job);

        Assert.Same(job, completion.Job);
        Assert.Equal(NextStep.Delivered(), completion.Next);
        Assert.Equal(new CrmLink("lead", "00Q5e00000AbCdE"), completion.Link);
        Assert.Equal(OutcomeClass.Success, completion.Attempt.Outcome);
        Assert.Equal(201, completion.Attempt.HttpStatus);
        Assert.Equal(Now, completion.Attempt.AttemptedAt);
    }

    [Fact]
    public async Task Success_delivers_the_mapped_record_and_its_activity()
    {
        _h.AdapterAnswers(SyncOutcome.Success("lead", "1", created: false));
        var job = SyncFixtures.Job();

        await _h.RunAsync(job);

        var delivery = Assert.Single(Assert.Single(_h.Deliveries));
        Assert.Equal((job.JobId, job.StepExecutionId, "l-0001:1", "3"),
            (delivery.JobId, delivery.StepExecutionId, delivery.RecId, delivery.StepId));
        Assert.Equal(new Dictionary<string, string> { ["email"] = "dana.lee@example.com", ["firstName"] = "Dana" },
            delivery.Record.Fields);
        Assert.Equal(("email", "dana.lee@example.com"), (delivery.Record.KeyProperty, delivery.Record.KeyValue));
        Assert.Null(delivery.ExistingLink);
        Assert.Equal("Act-On: MQL handoff – Send to CRM", delivery.Activity.Subject);
    }

    [Fact]
    public async Task Throttled_waits_as_told_without_counting_a_failure()
    {
        _h.AdapterAnswers(SyncOutcome.Throttled(TimeSpan.FromSeconds(30), 429, "Too Many Requests"));

        var completion = await _h.CompleteOneAsync(SyncFixtures.Job());

        Assert.Equal(new NextStep(SyncJobStatus.Pending, Now + TimeSpan.FromSeconds(30), CountsAsFailure: false), completion.Next);
        Assert.Null(completion.Link);
        Assert.Equal((OutcomeClass.Throttled, 429), (completion.Attempt.Outcome, completion.Attempt.HttpStatus));
    }

    [Fact]
    public async Task Throttled_pauses_the_destination_so_nothing_more_is_claimed()
    {
        _h.AdapterAnswers(SyncOutcome.Throttled(TimeSpan.FromSeconds(30), 429));

        await _h.RunAsync(SyncFixtures.Job());
        var claimed = await _h.Engine.ClaimAsync(_h.Destination, 10, CancellationToken.None);

        var pausedUntil = _h.Throttle.PausedUntil("crm", Now);
        Assert.NotNull(pausedUntil);
        Assert.True(pausedUntil >= Now + TimeSpan.FromSeconds(30), $"Paused only until {pausedUntil:O}.");
        Assert.Null(_h.Throttle.PausedUntil("other", Now));
        Assert.Empty(claimed);
        await _h.Store.DidNotReceiveWithAnyArgs().ClaimDueAsync(default!, default, default, default, default);
    }

    [Fact]
    public async Task Throttled_pause_is_cut_to_the_longest_throttle_wait()
    {
        _h.AdapterAnswers(SyncOutcome.Throttled(TimeSpan.FromDays(365), 429));

        await _h.RunAsync(SyncFixtures.Job());

        var pausedUntil = _h.Throttle.PausedUntil("crm", Now);
        Assert.NotNull(pausedUntil);
        var longest = Now + _h.Policy.MaxThrottleWait;
        Assert.InRange(pausedUntil.Value, longest, longest + TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Destination_that_is_not_paused_claims_due_jobs_under_a_lease()
    {
        IReadOnlyList<ClaimedJob> due = [SyncFixtures.Job()];
        using var cancellation = new CancellationTokenSource();
        _h.Store.ClaimDueAsync("crm", 5, Now, Now + TimeSpan.FromSeconds(_h.Options.LeaseSeconds), cancellation.Token)
            .Returns(due);

        var claimed = await _h.Engine.ClaimAsync(_h.Destination, 5, cancellation.Token);

        Assert.Same(due, claimed);
    }

    [Theory]
    [InlineData(OutcomeClass.Transient)]
    [InlineData(OutcomeClass.AuthExpired)]
    public async Task Transient_failure_retries_within_the_backoff_ceiling(OutcomeClass outcomeClass)
    {
        _h.AdapterAnswers(new SyncOutcome(outcomeClass, 503, "Service Unavailable"));

        var completion = await _h.CompleteOneAsync(SyncFixtures.Job() with { Attempts = 2, Failures = 2 });

        Assert.Equal(SyncJobStatus.Pending, completion.Next.Status);
        Assert.True(completion.Next.CountsAsFailure);
        Assert.NotNull(completion.Next.RetryAt);
        Assert.InRange(completion.Next.RetryAt.Value, Now, Now + _h.Policy.CeilingFor(3));
        Assert.Equal((outcomeClass, 503, "Service Unavailable"),
            (completion.Attempt.Outcome, completion.Attempt.HttpStatus, completion.Attempt.Message));
    }

    [Theory]
    [InlineData(OutcomeClass.Permanent, 400, "INVALID_EMAIL_ADDRESS: invalid email address: dana@")]
    [InlineData(OutcomeClass.Conflict, 409, "CONTACT_EXISTS: Contact already exists. Existing ID: 512")]
    public async Task Permanent_and_conflict_dead_letter_with_the_CRM_message(OutcomeClass outcomeClass, int status, string message)
    {
        _h.AdapterAnswers(new SyncOutcome(outcomeClass, status, message));

        var completion = await _h.CompleteOneAsync(SyncFixtures.Job());

        Assert.Equal(NextStep.DeadLetter(countsAsFailure: true), completion.Next);
        Assert.Null(completion.Link);
        Assert.Equal((outcomeClass, status, message),
            (completion.Attempt.Outcome, completion.Attempt.HttpStatus, completion.Attempt.Message));
    }

    [Fact]
    public async Task Transient_failure_of_a_job_out_of_attempts_dead_letters()
    {
        _h.AdapterAnswers(SyncOutcome.Transient("502 Bad Gateway", 502));

        var completion = await _h.CompleteOneAsync(SyncFixtures.Job() with
        {
            Attempts = _h.Options.MaxAttempts - 1,
            Failures = _h.Options.MaxAttempts - 1,
        });

        Assert.Equal(NextStep.DeadLetter(countsAsFailure: true), completion.Next);
    }

    [Fact]
    public async Task Throttling_of_a_job_out_of_attempts_still_retries()
    {
        _h.AdapterAnswers(SyncOutcome.Throttled(TimeSpan.FromSeconds(5), 429));

        var completion = await _h.CompleteOneAsync(SyncFixtures.Job() with { Failures = _h.Options.MaxAttempts - 1 });

        Assert.Equal(new NextStep(SyncJobStatus.Pending, Now + TimeSpan.FromSeconds(5), CountsAsFailure: false), completion.Next);
    }

    [Fact]
    public async Task Lost_lease_on_completion_is_not_an_error()
    {
        _h.AdapterAnswers(SyncOutcome.Success("lead", "1", created: true));
        _h.Store.CompleteAsync(Arg.Any<JobCompletion>(), Arg.Any<CancellationToken>()).Returns(false);

        await _h.RunAsync(SyncFixtures.Job());

        await _h.Store.Received(1).CompleteAsync(Arg.Any<JobCompletion>(), Arg.Any<CancellationToken>());
    }
}
