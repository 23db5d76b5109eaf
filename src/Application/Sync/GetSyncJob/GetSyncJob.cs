using ActOnSync.Application.Common;
using Dapper;
using MediatR;

namespace ActOnSync.Application.Sync.GetSyncJob;

/// <summary>One sync job with every attempt it made, oldest first: "did this contact reach the CRM, and if not, why?".</summary>
public sealed record GetSyncJob(Guid Id) : IRequest<SyncJobDetails?>;

public sealed record SyncJobDetails(SyncJobView Job, IReadOnlyList<SyncAttemptView> Attempts);

public sealed class SyncAttemptView
{
    public DateTimeOffset AttemptedAt => DateTimeOffset.FromUnixTimeMilliseconds(AttemptedAtMs);
    public string Outcome { get; init; } = "";
    public int? HttpStatus { get; init; }
    public string? Message { get; init; }
    public long DurationMs { get; init; }

    private long AttemptedAtMs { get; init; }
}

public sealed class GetSyncJobHandler(ISqlConnectionFactory connections)
    : IRequestHandler<GetSyncJob, SyncJobDetails?>
{
    private const string JobSql = $"SELECT {SyncJobColumns.View} FROM sync_jobs WHERE id = @Id";

    private const string AttemptsSql = """
        SELECT attempted_at AS AttemptedAtMs, outcome AS Outcome, http_status AS HttpStatus, message AS Message, duration_ms AS DurationMs
        FROM sync_attempts WHERE job_id = @Id ORDER BY id
        """;

    public async Task<SyncJobDetails?> Handle(GetSyncJob request, CancellationToken cancellationToken)
    {
        var parameters = new { Id = request.Id.ToString() };
        await using var connection = await connections.OpenAsync(cancellationToken);
        var job = await connection.QuerySingleOrDefaultAsync<SyncJobView>(
            new CommandDefinition(JobSql, parameters, cancellationToken: cancellationToken));
        if (job is null)
            return null;
        var attempts = await connection.QueryAsync<SyncAttemptView>(
            new CommandDefinition(AttemptsSql, parameters, cancellationToken: cancellationToken));
        return new SyncJobDetails(job, attempts.AsList());
    }
}
