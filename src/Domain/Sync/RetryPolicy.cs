using Ardalis.GuardClauses;

namespace ActOnSync.Domain.Sync;

/// <summary>
/// Decides what follows an attempt: done, retry at a time, or dead-letter. Failures back off
/// exponentially with full jitter (a random wait between zero and the capped exponential), so
/// that many jobs failing together do not come back together. Throttling is not a failure: the
/// job waits as long as the destination said and keeps its failure budget.
/// </summary>
public sealed class RetryPolicy
{
    public RetryPolicy(int maxAttempts, TimeSpan backoffBase, TimeSpan backoffCap, TimeSpan defaultThrottleWait, TimeSpan maxThrottleWait)
    {
        Guard.Against.NegativeOrZero(maxAttempts);
        Guard.Against.InvalidInput(backoffBase, nameof(backoffBase), b => b > TimeSpan.Zero, "The backoff base must be positive.");
        Guard.Against.InvalidInput(backoffCap, nameof(backoffCap), c => c >= backoffBase, "The backoff cap must be at least the base.");
        MaxAttempts = maxAttempts;
        BackoffBase = backoffBase;
        BackoffCap = backoffCap;
        DefaultThrottleWait = defaultThrottleWait;
        MaxThrottleWait = maxThrottleWait;
    }

    /// <summary>Failed attempts (throttling excluded) after which a job is dead-lettered.</summary>
    public int MaxAttempts { get; }

    public TimeSpan BackoffBase { get; }

    public TimeSpan BackoffCap { get; }

    /// <summary>The wait after a throttled answer that did not say how long.</summary>
    public TimeSpan DefaultThrottleWait { get; }

    /// <summary>The longest a throttled destination is left alone, whatever it asked.</summary>
    public TimeSpan MaxThrottleWait { get; }

    /// <summary>The longest wait before retry number <paramref name="failures"/> (1 = after the first failure).</summary>
    public TimeSpan CeilingFor(int failures)
    {
        var exponent = Math.Min(failures - 1, 30);
        var ticks = Math.Min(BackoffCap.Ticks, BackoffBase.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// How long a throttled destination is left alone: as long as it asked, but never past
    /// <see cref="MaxThrottleWait"/> (a "Retry-After: one year" would otherwise silence it).
    /// </summary>
    public TimeSpan ThrottleWait(SyncOutcome throttled)
    {
        var asked = throttled.RetryAfter ?? DefaultThrottleWait;
        return asked < TimeSpan.Zero ? TimeSpan.Zero : asked > MaxThrottleWait ? MaxThrottleWait : asked;
    }

    /// <param name="failuresSoFar">Failed attempts before this one.</param>
    /// <param name="random">A number in [0, 1) for the jitter.</param>
    public NextStep Decide(SyncOutcome outcome, int failuresSoFar, DateTimeOffset now, double random)
    {
        switch (outcome.Class)
        {
            case OutcomeClass.Success:
                return NextStep.Delivered();
            case OutcomeClass.Throttled:
                return NextStep.Retry(now + ThrottleWait(outcome), countsAsFailure: false);
            case OutcomeClass.Conflict:
            case OutcomeClass.Permanent:
                return NextStep.DeadLetter(countsAsFailure: true);
            default:
                var failures = failuresSoFar + 1;
                if (failures >= MaxAttempts)
                    return NextStep.DeadLetter(countsAsFailure: true);
                var wait = TimeSpan.FromTicks((long)(CeilingFor(failures).Ticks * random));
                return NextStep.Retry(now + wait, countsAsFailure: true);
        }
    }
}

/// <param name="RetryAt">When to try again, for <see cref="SyncJobStatus.Pending"/>.</param>
public sealed record NextStep(SyncJobStatus Status, DateTimeOffset? RetryAt, bool CountsAsFailure)
{
    public static NextStep Delivered() => new(SyncJobStatus.Delivered, null, false);

    public static NextStep Retry(DateTimeOffset at, bool countsAsFailure) => new(SyncJobStatus.Pending, at, countsAsFailure);

    public static NextStep DeadLetter(bool countsAsFailure) => new(SyncJobStatus.DeadLettered, null, countsAsFailure);
}
