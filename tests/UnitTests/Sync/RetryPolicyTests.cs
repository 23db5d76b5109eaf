using ActOnSync.Application.Sync;
using ActOnSync.Domain.Sync;

namespace ActOnSync.UnitTests.Sync;

public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Now = SyncFixtures.Now;

    // 10 attempts, base 5 min, cap 8 h, 10 s default throttle wait, throttle waits capped at a day.
    private static readonly RetryPolicy Policy = Make();

    private static RetryPolicy Make(int maxAttempts = 10, TimeSpan? backoffBase = null, TimeSpan? backoffCap = null) =>
        new(maxAttempts, backoffBase ?? TimeSpan.FromMinutes(5), backoffCap ?? TimeSpan.FromHours(8),
            TimeSpan.FromSeconds(10), TimeSpan.FromHours(24));

    public static TheoryData<SyncOutcome> RetriedFailures => new()
    {
        SyncOutcome.Transient("503 Service Unavailable", 503),
        SyncOutcome.AuthExpired("INVALID_SESSION_ID", 401),
    };

    public static TheoryData<SyncOutcome> FinalFailures => new()
    {
        SyncOutcome.Permanent("INVALID_EMAIL_ADDRESS", 400),
        SyncOutcome.Conflict("CONTACT_EXISTS", 409),
    };

    [Fact]
    public void Success_is_delivered_and_not_a_failure()
    {
        var next = Policy.Decide(SyncOutcome.Success("lead", "00Q1", created: true), failuresSoFar: 3, Now, 0.5);

        Assert.Equal(new NextStep(SyncJobStatus.Delivered, null, CountsAsFailure: false), next);
    }

    [Theory]
    [MemberData(nameof(FinalFailures))]
    public void Permanent_and_conflict_dead_letter_at_once_counting_a_failure(SyncOutcome outcome)
    {
        var next = Policy.Decide(outcome, failuresSoFar: 0, Now, 0.5);

        Assert.Equal(new NextStep(SyncJobStatus.DeadLettered, null, CountsAsFailure: true), next);
    }

    [Theory]
    [MemberData(nameof(RetriedFailures))]
    public void Transient_and_auth_expired_retry_within_the_ceiling_counting_a_failure(SyncOutcome outcome)
    {
        var next = Policy.Decide(outcome, failuresSoFar: 2, Now, 0.5);

        Assert.Equal(SyncJobStatus.Pending, next.Status);
        Assert.True(next.CountsAsFailure);
        Assert.NotNull(next.RetryAt);
        Assert.InRange(next.RetryAt.Value, Now, Now + Policy.CeilingFor(3));
    }

    [Theory]
    [MemberData(nameof(RetriedFailures))]
    public void Jitter_of_zero_retries_now(SyncOutcome outcome) =>
        Assert.Equal(Now, Policy.Decide(outcome, failuresSoFar: 4, Now, random: 0).RetryAt);

    [Theory]
    [MemberData(nameof(RetriedFailures))]
    public void Jitter_near_one_retries_close_to_the_ceiling(SyncOutcome outcome)
    {
        var ceiling = Policy.CeilingFor(5);

        var retryAt = Policy.Decide(outcome, failuresSoFar: 4, Now, random: 0.999).RetryAt;

        Assert.NotNull(retryAt);
        Assert.InRange(retryAt.Value, Now + ceiling * 0.99, Now + ceiling);
    }

    [Fact]
    public void Jitter_scales_the_ceiling_linearly() =>
        Assert.Equal(Now + TimeSpan.FromMinutes(2.5), Policy.Decide(SyncOutcome.Transient("timeout"), 0, Now, 0.5).RetryAt);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 40)]
    [InlineData(5, 80)]
    [InlineData(6, 160)]
    [InlineData(7, 320)]
    [InlineData(8, 480)]
    [InlineData(9, 480)]
    [InlineData(10, 480)]
    public void Ceilings_double_from_the_base_and_stop_at_the_cap(int failures, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), Policy.CeilingFor(failures));

    [Theory]
    [InlineData(31)]
    [InlineData(64)]
    [InlineData(int.MaxValue)]
    public void Huge_failure_counts_stay_at_the_cap(int failures) =>
        Assert.Equal(TimeSpan.FromHours(8), Policy.CeilingFor(failures));

    [Fact]
    public void The_failure_before_the_last_allowed_one_still_retries() =>
        Assert.Equal(SyncJobStatus.Pending, Policy.Decide(SyncOutcome.Transient("timeout"), failuresSoFar: 8, Now, 0.5).Status);

    [Theory]
    [MemberData(nameof(RetriedFailures))]
    public void The_max_attempts_th_failure_dead_letters(SyncOutcome outcome)
    {
        var next = Policy.Decide(outcome, failuresSoFar: Policy.MaxAttempts - 1, Now, 0.5);

        Assert.Equal(new NextStep(SyncJobStatus.DeadLettered, null, CountsAsFailure: true), next);
    }

    [Fact]
    public void With_one_attempt_the_first_transient_failure_dead_letters()
    {
        var once = Make(maxAttempts: 1);

        Assert.Equal(SyncJobStatus.DeadLettered, once.Decide(SyncOutcome.Transient("timeout"), 0, Now, 0.5).Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)] // MaxAttempts - 1: a failure here would dead-letter.
    public void Throttled_retries_exactly_after_the_wait_asked_without_counting_a_failure(int failuresSoFar)
    {
        var next = Policy.Decide(SyncOutcome.Throttled(TimeSpan.FromSeconds(30), 429), failuresSoFar, Now, 0.999);

        Assert.Equal(new NextStep(SyncJobStatus.Pending, Now + TimeSpan.FromSeconds(30), CountsAsFailure: false), next);
    }

    [Fact]
    public void Throttled_without_retry_after_waits_the_default_throttle_wait()
    {
        var next = Policy.Decide(SyncOutcome.Throttled(retryAfter: null, 429), 0, Now, 0.5);

        Assert.Equal(new NextStep(SyncJobStatus.Pending, Now + TimeSpan.FromSeconds(10), CountsAsFailure: false), next);
    }

    [Fact]
    public void Throttle_wait_longer_than_the_maximum_is_cut_to_the_maximum()
    {
        var next = Policy.Decide(SyncOutcome.Throttled(TimeSpan.FromDays(365), 429), 0, Now, 0.5);

        Assert.Equal(Now + Policy.MaxThrottleWait, next.RetryAt);
        Assert.Equal(TimeSpan.FromHours(24), Policy.MaxThrottleWait);
    }

    [Fact]
    public void Negative_throttle_wait_retries_now() =>
        Assert.Equal(Now, Policy.Decide(SyncOutcome.Throttled(TimeSpan.FromSeconds(-5), 429), 0, Now, 0.5).RetryAt);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Max_attempts_must_be_positive(int maxAttempts)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() =>
            Make(maxAttempts));
        Assert.Equal("maxAttempts", ex.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Backoff_base_must_be_positive(int seconds)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() =>
            Make(backoffBase: TimeSpan.FromSeconds(seconds)));
        Assert.Equal("backoffBase", ex.ParamName);
    }

    [Fact]
    public void Backoff_cap_below_the_base_is_rejected()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() =>
            Make(backoffCap: TimeSpan.FromMinutes(4)));
        Assert.Equal("backoffCap", ex.ParamName);
    }

    [Fact]
    public void Backoff_cap_equal_to_the_base_is_allowed() =>
        Assert.Equal(TimeSpan.FromMinutes(5), Make(backoffCap: TimeSpan.FromMinutes(5)).CeilingFor(3));

    [Fact]
    public void Default_options_give_up_after_about_a_day_of_retries()
    {
        var policy = new SyncOptions().ToRetryPolicy();

        var longest = Enumerable.Range(1, policy.MaxAttempts - 1)
            .Aggregate(TimeSpan.Zero, (total, failures) => total + policy.CeilingFor(failures));

        Assert.Equal(10, policy.MaxAttempts);
        Assert.InRange(longest, TimeSpan.FromHours(20), TimeSpan.FromHours(30));
    }
}
