using Ardalis.GuardClauses;

namespace ActOnSync.Domain.Sync;

/// <summary>
/// The promise to deliver one step execution to one destination. Written in the transaction that
/// stores the step execution (the outbox), so an acknowledged event always has its jobs.
/// </summary>
public sealed record SyncJob
{
    public SyncJob(Guid id, Guid stepExecutionId, string destination, string recId, DateTimeOffset createdAt)
    {
        Guard.Against.Default(id);
        Guard.Against.Default(stepExecutionId);
        Guard.Against.NullOrWhiteSpace(destination);
        Guard.Against.NullOrWhiteSpace(recId);
        Id = id;
        StepExecutionId = stepExecutionId;
        Destination = destination;
        RecId = recId;
        CreatedAt = createdAt;
    }

    public Guid Id { get; }
    public Guid StepExecutionId { get; }
    public string Destination { get; }
    public string RecId { get; }
    public DateTimeOffset CreatedAt { get; }
}
