namespace ActOnSync.Domain.Sync;

/// <summary>Where a sync job stands. Stored as the lower-case text in <see cref="SyncJobStatuses"/>.</summary>
public enum SyncJobStatus
{
    /// <summary>Waiting for its next attempt time.</summary>
    Pending,

    /// <summary>Claimed by a dispatcher until its lease ends; an expired lease makes it claimable again.</summary>
    InProgress,

    Delivered,

    /// <summary>Given up on: a permanent error, an unresolved conflict, or too many failures. Replay re-queues it.</summary>
    DeadLettered,
}

public static class SyncJobStatuses
{
    public static string ToText(this SyncJobStatus status) => status switch
    {
        SyncJobStatus.Pending => "pending",
        SyncJobStatus.InProgress => "in_progress",
        SyncJobStatus.Delivered => "delivered",
        _ => "dead_lettered",
    };

    public static bool TryParse(string? text, out SyncJobStatus status)
    {
        foreach (var candidate in Enum.GetValues<SyncJobStatus>())
            if (string.Equals(candidate.ToText(), text, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        status = default;
        return false;
    }
}
