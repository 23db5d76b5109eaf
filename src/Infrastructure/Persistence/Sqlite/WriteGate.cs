namespace ActOnSync.Infrastructure.Persistence.Sqlite;

/// <summary>
/// SQLite's single writer, taken in turn by this process's writers. Urgent writes (a delivery waits
/// for its answer) go first; background writes (the sync engine's) get the next turn once they
/// have waited <see cref="MaxBackgroundWait"/>, so a burst of deliveries is acknowledged at the
/// speed of the disk while the sync catches up in between, and after.
/// </summary>
internal sealed class WriteGate(TimeProvider clock)
{
    public static readonly TimeSpan MaxBackgroundWait = TimeSpan.FromMilliseconds(1000);

    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _urgent = new();
    private readonly Queue<Waiter> _background = new();
    private bool _held;

    /// <summary>The turn if nobody holds it now, else null (never waits).</summary>
    public IDisposable? TryEnter()
    {
        lock (_lock)
        {
            if (_held)
                return null;
            _held = true;
            return new Turn(this);
        }
    }

    public async ValueTask<IDisposable> EnterAsync(bool urgent, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return new Turn(this);
            }
            waiter = new Waiter(clock.GetTimestamp());
            (urgent ? _urgent : _background).Enqueue(waiter);
        }

        // A cancelled waiter stays queued and is skipped when its turn comes.
        await using (cancellationToken.Register(() => waiter.Granted.TrySetCanceled(cancellationToken)))
            await waiter.Granted.Task;
        return new Turn(this);
    }

    private void Release()
    {
        lock (_lock)
        {
            while (Next() is { } waiter)
                if (waiter.Granted.TrySetResult())
                    return;
            _held = false;
        }
    }

    private Waiter? Next()
    {
        var backgroundDue = _background.TryPeek(out var oldest) && clock.GetElapsedTime(oldest.Since) >= MaxBackgroundWait;
        if (_urgent.Count > 0 && !backgroundDue)
            return _urgent.Dequeue();
        if (_background.Count > 0)
            return _background.Dequeue();
        return _urgent.Count > 0 ? _urgent.Dequeue() : null;
    }

    private sealed class Waiter(long since)
    {
        public long Since { get; } = since;

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Turn(WriteGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                gate.Release();
        }
    }
}
