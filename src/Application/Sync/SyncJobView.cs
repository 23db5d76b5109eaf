using ActOnSync.Domain.Sync;

namespace ActOnSync.Application.Sync;

/// <summary>A sync job as operators see it: where it stands and what its last attempt came to.</summary>
public sealed class SyncJobView
{
    public string Id { get; init; } = "";
    public string StepExecutionId { get; init; } = "";
    public string Destination { get; init; } = "";
    public string RecId { get; init; } = "";

    /// <summary>As stored: pending, in_progress, delivered or dead_lettered.</summary>
    public string Status { get; init; } = "";

    public int Attempts { get; init; }

    /// <summary>The failed attempts that count towards dead-lettering; a replay starts them again from zero.</summary>
    public int Failures { get; init; }

    /// <summary>Set only while the job waits for an attempt: the stored time of a finished job is history, not a plan.</summary>
    public DateTimeOffset? NextAttemptAt =>
        Status == SyncJobStatus.Pending.ToText() ? DateTimeOffset.FromUnixTimeMilliseconds(NextAttemptAtMs) : null;

    public DateTimeOffset? LeaseUntil => LeaseUntilMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    public string? LastOutcome { get; init; }
    public string? LastError { get; init; }
    public string? CrmObjectType { get; init; }
    public string? CrmObjectId { get; init; }
    public DateTimeOffset CreatedAt => DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs);
    public DateTimeOffset UpdatedAt => DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAtMs);

    private long NextAttemptAtMs { get; init; }
    private long? LeaseUntilMs { get; init; }
    private long CreatedAtMs { get; init; }
    private long UpdatedAtMs { get; init; }
}
