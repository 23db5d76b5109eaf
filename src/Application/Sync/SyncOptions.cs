using ActOnSync.Domain.Sync;

namespace ActOnSync.Application.Sync;

/// <summary>Bound from the <c>Sync</c> section.</summary>
public sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>Failed attempts before a job is dead-lettered. With the default backoff, about a day.</summary>
    public int MaxAttempts { get; set; } = 10;

    public double BackoffBaseSeconds { get; set; } = 300;

    public double BackoffCapSeconds { get; set; } = 8 * 3600;

    /// <summary>The wait after a throttled answer that does not say how long.</summary>
    public double DefaultThrottleSeconds { get; set; } = 10;

    /// <summary>The longest wait a throttled destination may ask for (a daily limit can ask for hours).</summary>
    public double MaxThrottleSeconds { get; set; } = 24 * 3600;

    /// <summary>How long a claimed job stays with its worker; after that another may take it.</summary>
    public double LeaseSeconds { get; set; } = 120;

    /// <summary>The longest one delivery call may take; at most a third of the lease.</summary>
    public double RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>How often an idle dispatcher looks for due jobs (new jobs wake it at once).</summary>
    public double PollIntervalSeconds { get; set; } = 1;

    /// <summary>How long shutdown waits for deliveries in flight before releasing their jobs.</summary>
    public double ShutdownGraceSeconds { get; set; } = 10;

    /// <summary>Deliveries per second above which the sync yields to ingest (see <see cref="IngestPressure"/>); 0 never yields.</summary>
    public int IngestFirstAbovePerSecond { get; set; } = 200;

    public RetryPolicy ToRetryPolicy() => new(MaxAttempts, TimeSpan.FromSeconds(BackoffBaseSeconds),
        TimeSpan.FromSeconds(BackoffCapSeconds), TimeSpan.FromSeconds(DefaultThrottleSeconds), TimeSpan.FromSeconds(MaxThrottleSeconds));

    public IEnumerable<string> Validate()
    {
        if (MaxAttempts is < 1 or > 100)
            yield return $"{Section}:MaxAttempts must be between 1 and 100.";
        if (BackoffBaseSeconds <= 0 || BackoffCapSeconds < BackoffBaseSeconds)
            yield return $"{Section}:BackoffBaseSeconds must be positive and {Section}:BackoffCapSeconds at least as large.";
        // A claimed job may wait up to two delivery times in the dispatcher's buffer, then be delivered: its lease must outlive all three.
        if (RequestTimeoutSeconds <= 0 || LeaseSeconds < 3 * RequestTimeoutSeconds)
            yield return $"{Section}:LeaseSeconds must be at least three times {Section}:RequestTimeoutSeconds (a lease must outlive the job's wait in the buffer and its delivery).";
        if (PollIntervalSeconds <= 0 || DefaultThrottleSeconds <= 0 || ShutdownGraceSeconds < 0)
            yield return $"{Section}:PollIntervalSeconds and {Section}:DefaultThrottleSeconds must be positive, {Section}:ShutdownGraceSeconds not negative.";
        if (IngestFirstAbovePerSecond < 0)
            yield return $"{Section}:IngestFirstAbovePerSecond must not be negative (0 turns it off).";
        if (MaxThrottleSeconds < DefaultThrottleSeconds)
            yield return $"{Section}:MaxThrottleSeconds must be at least {Section}:DefaultThrottleSeconds.";
    }
}
