namespace ActOnSync.Application.Sync;

/// <summary>Wakes the idle dispatcher when jobs are queued, so a new event is synced without waiting for the next poll.</summary>
public sealed class SyncWakeUp
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Signal()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
    }

    /// <returns>True when signalled, false when the timeout passed.</returns>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
