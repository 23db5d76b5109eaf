using Dapper;

namespace ActOnSync.IntegrationTests.Support;

/// <summary>What the sync tests read back from the service's database, and the settings they share.</summary>
public static class SyncRows
{
    /// <summary>Timings that make retries take milliseconds (roomy timeouts for a loaded machine); the Local destination off.</summary>
    public static Dictionary<string, string?> FastSyncSettings() => new()
    {
        ["Destinations:local:Enabled"] = "false",
        ["Sync:MaxAttempts"] = "10",
        ["Sync:BackoffBaseSeconds"] = "0.05",
        ["Sync:BackoffCapSeconds"] = "0.2",
        ["Sync:DefaultThrottleSeconds"] = "0.2",
        ["Sync:PollIntervalSeconds"] = "0.05",
        ["Sync:RequestTimeoutSeconds"] = "5",
        ["Sync:LeaseSeconds"] = "15",
        ["Sync:ShutdownGraceSeconds"] = "1",
    };

    public static JobRow Job(this ActOnSyncHost host, Guid jobId)
    {
        using var db = host.OpenDatabase();
        return db.QuerySingle<JobRow>("""
            SELECT status AS Status, attempts AS Attempts, failures AS Failures, last_outcome AS LastOutcome, last_error AS LastError,
                   crm_object_type AS CrmObjectType, crm_object_id AS CrmObjectId
            FROM sync_jobs WHERE id = @id
            """, new { id = jobId.ToString() });
    }

    public static IReadOnlyList<AttemptRow> Attempts(this ActOnSyncHost host, Guid jobId)
    {
        using var db = host.OpenDatabase();
        return db.Query<AttemptRow>("""
            SELECT outcome AS Outcome, http_status AS HttpStatus, message AS Message
            FROM sync_attempts WHERE job_id = @id ORDER BY id
            """, new { id = jobId.ToString() }).ToList();
    }

    /// <summary>The job a stored step execution got for <paramref name="destination"/>.</summary>
    public static Guid JobOf(this ActOnSyncHost host, string? executionId, string destination)
    {
        using var db = host.OpenDatabase();
        return Guid.Parse(db.QuerySingle<string>(
            "SELECT id FROM sync_jobs WHERE step_execution_id = @executionId AND destination = @destination", new { executionId, destination }));
    }
}

public sealed record JobRow(string Status, long Attempts, long Failures, string? LastOutcome, string? LastError,
    string? CrmObjectType, string? CrmObjectId);

public sealed record AttemptRow(string Outcome, long? HttpStatus, string? Message);
