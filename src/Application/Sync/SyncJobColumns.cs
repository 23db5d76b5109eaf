namespace ActOnSync.Application.Sync;

/// <summary>The column list the sync-job queries share, aliased to <see cref="SyncJobView"/>'s property names.</summary>
internal static class SyncJobColumns
{
    public const string View = """
        id AS Id, step_execution_id AS StepExecutionId, destination AS Destination, rec_id AS RecId, status AS Status,
        attempts AS Attempts, failures AS Failures, next_attempt_at AS NextAttemptAtMs, lease_until AS LeaseUntilMs,
        last_outcome AS LastOutcome, last_error AS LastError, crm_object_type AS CrmObjectType, crm_object_id AS CrmObjectId,
        created_at AS CreatedAtMs, updated_at AS UpdatedAtMs
        """;
}
