using ActOnSync.Domain.StepExecutions;
using ActOnSync.Domain.Sync;

namespace ActOnSync.Application.StepExecutions;

/// <summary>The write side of step executions. Dedupe lives in the store's unique constraints.</summary>
public interface IStepExecutionStore
{
    /// <summary>
    /// Stores the execution and its sync jobs (the outbox) in one committed transaction, unless an
    /// execution with the same message id or the same (recId, stepId) exists; then returns that
    /// one's id and writes nothing.
    /// </summary>
    /// <exception cref="Common.StoreUnavailableException">Nothing was written; try again later.</exception>
    Task<AddResult> TryAddAsync(StepExecution execution, IReadOnlyList<SyncJob> jobs, CancellationToken cancellationToken);
}

public readonly record struct AddResult(bool Added, Guid Id)
{
    public static AddResult New(Guid id) => new(true, id);

    public static AddResult Duplicate(Guid id) => new(false, id);
}
