using System.Data.Common;
using ActOnSync.Application.Sync;
using ActOnSync.Domain.StepExecutions;
using ActOnSync.Domain.Sync;
using Dapper;

namespace ActOnSync.Infrastructure.Persistence.Stores;

/// <summary>
/// Sync jobs under lease: every change to a claimed job names its lease token, so a worker whose
/// lease ran out (and was handed on) can no longer record anything for it.
/// </summary>
/// <remarks>Attempts are recorded by group commit: the outcomes of a batch share a transaction.</remarks>
public sealed class SyncJobStore : ISyncJobStore, IAsyncDisposable
{
    private readonly Database _database;
    private readonly TimeProvider _clock;
    private readonly GroupCommit<JobCompletion, bool> _completions;
    private readonly string _insertLinkSql;

    public SyncJobStore(Database database, TimeProvider clock)
    {
        _database = database;
        _clock = clock;
        _insertLinkSql = database.Sql.InsertIfAbsent("crm_links",
            ["destination", "rec_id", "crm_object_type", "crm_object_id", "first_synced_at", "last_synced_at"],
            ["destination", "rec_id"]);
        _completions = new(database, CompleteAsync);
    }

    private const string ClaimedSql = """
        SELECT j.id AS JobId, j.lease_token AS LeaseToken, j.destination AS Destination, j.attempts AS Attempts, j.failures AS Failures,
               e.id AS StepExecutionId, e.rec_id AS RecId, e.step_id AS StepId, e.program_id AS ProgramId, e.program_name AS ProgramName,
               e.step_name AS StepName, e.description AS Description, e.external_id AS ExternalId, e.crm_link AS CrmLink,
               e.automated_program_link AS AutomatedProgramLink, e.contact_report_link AS ContactReportLink,
               e.executed_at AS ExecutedAt, e.received_at AS ReceivedAt, e.contact_fields AS ContactFields,
               l.crm_object_type AS LinkType, l.crm_object_id AS LinkId
        FROM sync_jobs j
        JOIN step_executions e ON e.id = j.step_execution_id
        LEFT JOIN crm_links l ON l.destination = j.destination AND l.rec_id = j.rec_id
        WHERE j.lease_token = @Token
        ORDER BY j.next_attempt_at, j.id
        """;

    private const string CompleteSql = """
        UPDATE sync_jobs
        SET status = @Status, attempts = attempts + 1, failures = failures + @FailureIncrement,
            next_attempt_at = COALESCE(@RetryAt, next_attempt_at), lease_until = NULL, lease_token = NULL,
            last_outcome = @Outcome, last_error = @Message,
            crm_object_type = COALESCE(@ObjectType, crm_object_type), crm_object_id = COALESCE(@ObjectId, crm_object_id),
            updated_at = @Now
        WHERE id = @Id AND lease_token = @Token
        """;

    private const string AttemptSql = """
        INSERT INTO sync_attempts (job_id, attempted_at, outcome, http_status, message, duration_ms)
        VALUES (@Id, @AttemptedAt, @Outcome, @HttpStatus, @Message, @DurationMs)
        """;

    private const string UpdateLinkSql = """
        UPDATE crm_links SET crm_object_type = @CrmObjectType, crm_object_id = @CrmObjectId, last_synced_at = @LastSyncedAt
        WHERE destination = @Destination AND rec_id = @RecId
        """;

    private const string ReleaseSql = """
        UPDATE sync_jobs SET status = 'pending', lease_until = NULL, lease_token = NULL, next_attempt_at = @Now, updated_at = @Now
        WHERE id = @Id AND lease_token = @Token
        """;

    // A job in progress keeps its lease: re-queuing it would hand it to a second worker.
    private const string RequeueSql = """
        UPDATE sync_jobs SET status = 'pending', next_attempt_at = @Now, failures = 0, updated_at = @Now
        WHERE status <> 'in_progress'
          AND (@JobId IS NULL OR id = @JobId)
          AND (@Destination IS NULL OR destination = @Destination)
          AND (@Status IS NULL OR status = @Status)
          AND (@Since IS NULL OR created_at >= @Since)
        """;

    public Task<IReadOnlyList<ClaimedJob>> ClaimDueAsync(string destination, int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        _database.WriteAsync<IReadOnlyList<ClaimedJob>>(async (connection, transaction) =>
        {
            var token = Guid.NewGuid().ToString();
            var claimed = await connection.ExecuteAsync(new CommandDefinition(_database.Sql.ClaimDueJobs, new
            {
                Destination = destination, Max = max, Now = now.ToUnixTimeMilliseconds(), LeaseUntil = leaseUntil.ToUnixTimeMilliseconds(), Token = token,
            }, transaction, cancellationToken: cancellationToken));
            if (claimed == 0)
                return [];
            var rows = await connection.QueryAsync<ClaimedRow>(new CommandDefinition(ClaimedSql, new { Token = token }, transaction, cancellationToken: cancellationToken));
            return rows.Select(r => r.ToClaimedJob()).ToList();
        }, cancellationToken);

    public Task<bool> CompleteAsync(JobCompletion completion, CancellationToken cancellationToken) =>
        _completions.WriteAsync(completion).WaitAsync(cancellationToken);

    public ValueTask DisposeAsync() => _completions.DisposeAsync();

    private async Task<bool> CompleteAsync(DbConnection connection, DbTransaction transaction, JobCompletion completion)
    {
        var (job, attempt, next, link) = completion;
        var now = attempt.AttemptedAt.ToUnixTimeMilliseconds();
        var updated = await connection.ExecuteAsync(new CommandDefinition(CompleteSql, new
        {
            Id = job.JobId.ToString(),
            Token = job.LeaseToken.ToString(),
            Status = next.Status.ToText(),
            FailureIncrement = next.CountsAsFailure ? 1 : 0,
            RetryAt = next.RetryAt?.ToUnixTimeMilliseconds(),
            Outcome = attempt.Outcome.ToString(),
            attempt.Message,
            ObjectType = link?.ObjectType,
            ObjectId = link?.ObjectId,
            Now = now,
        }, transaction));
        if (updated == 0)
            return false;
        await connection.ExecuteAsync(new CommandDefinition(AttemptSql, new
        {
            Id = job.JobId.ToString(),
            AttemptedAt = now,
            Outcome = attempt.Outcome.ToString(),
            attempt.HttpStatus,
            attempt.Message,
            DurationMs = (long)attempt.Duration.TotalMilliseconds,
        }, transaction));
        if (link is not null)
            await SaveLinkAsync(connection, transaction, new
            {
                job.Destination, job.RecId, CrmObjectType = link.ObjectType, CrmObjectId = link.ObjectId, FirstSyncedAt = now, LastSyncedAt = now,
            });
        return true;
    }

    public Task ReleaseAsync(IReadOnlyList<ClaimedJob> jobs, CancellationToken cancellationToken) =>
        _database.WriteAsync(async (connection, transaction) =>
        {
            var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            return await connection.ExecuteAsync(new CommandDefinition(ReleaseSql,
                jobs.Select(j => new { Id = j.JobId.ToString(), Token = j.LeaseToken.ToString(), Now = now }),
                transaction, cancellationToken: cancellationToken));
        }, cancellationToken);

    public Task<int> RequeueAsync(RequeueFilter filter, DateTimeOffset now, CancellationToken cancellationToken) =>
        _database.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(RequeueSql, new
        {
            JobId = filter.JobId?.ToString(),
            filter.Destination,
            Status = filter.Status?.ToText(),
            Since = filter.Since?.ToUnixTimeMilliseconds(),
            Now = now.ToUnixTimeMilliseconds(),
        }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    // Update first: a contact is linked once and synced many times. The insert covers the first
    // sync; if another instance linked the contact in between, the update runs again.
    private async Task SaveLinkAsync(DbConnection connection, DbTransaction transaction, object link)
    {
        if (await connection.ExecuteAsync(new CommandDefinition(UpdateLinkSql, link, transaction)) > 0)
            return;
        if (await connection.ExecuteAsync(new CommandDefinition(_insertLinkSql, link, transaction)) == 0)
            await connection.ExecuteAsync(new CommandDefinition(UpdateLinkSql, link, transaction));
    }

    private sealed class ClaimedRow
    {
        public string JobId { get; init; } = "";
        public string LeaseToken { get; init; } = "";
        public string Destination { get; init; } = "";
        public long Attempts { get; init; }
        public long Failures { get; init; }
        public string StepExecutionId { get; init; } = "";
        public string RecId { get; init; } = "";
        public string StepId { get; init; } = "";
        public string? ProgramId { get; init; }
        public string? ProgramName { get; init; }
        public string? StepName { get; init; }
        public string? Description { get; init; }
        public string? ExternalId { get; init; }
        public string? CrmLink { get; init; }
        public string? AutomatedProgramLink { get; init; }
        public string? ContactReportLink { get; init; }
        public long? ExecutedAt { get; init; }
        public long ReceivedAt { get; init; }
        public string ContactFields { get; init; } = "{}";
        public string? LinkType { get; init; }
        public string? LinkId { get; init; }

        public ClaimedJob ToClaimedJob() => new(
            Guid.Parse(JobId), Guid.Parse(LeaseToken), Destination, (int)Attempts, (int)Failures, Guid.Parse(StepExecutionId),
            RecId, StepId,
            new ProgramContext(ProgramId, ProgramName, StepName, Description, ExternalId, CrmLink, AutomatedProgramLink, ContactReportLink),
            ExecutedAt is { } executed ? DateTimeOffset.FromUnixTimeMilliseconds(executed) : null,
            DateTimeOffset.FromUnixTimeMilliseconds(ReceivedAt),
            ContactFields,
            LinkType is null || LinkId is null ? null : new CrmLink(LinkType, LinkId));
    }
}
