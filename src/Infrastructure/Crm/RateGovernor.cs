namespace ActOnSync.Infrastructure.Crm;

/// <summary>
/// Keeps one destination inside its published limits, shared by every job of that destination:
/// at most <c>Requests</c> calls per sliding <c>Window</c>, at most <c>MaxConcurrent</c> at once,
/// and no call at all while the CRM has asked us to wait. Waiting here beats hammering into 429s.
/// </summary>
public sealed class RateGovernor
{
    private readonly Queue<DateTimeOffset> _recent = new();
    private readonly SemaphoreSlim _concurrent;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private DateTimeOffset _pausedUntil;

    public RateGovernor(RateLimit limit, TimeProvider clock)
    {
        Limit = limit;
        _concurrent = new SemaphoreSlim(limit.MaxConcurrent, limit.MaxConcurrent);
        _clock = clock;
    }

    public RateLimit Limit { get; }

    /// <summary>Waits for a free slot in the window and in the concurrency bound; dispose the result when the call is done.</summary>
    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _concurrent.WaitAsync(cancellationToken);
        try
        {
            while (ReserveOrWait() is { } wait)
                await Task.Delay(wait, _clock, cancellationToken);
            return new Slot(_concurrent);
        }
        catch
        {
            _concurrent.Release();
            throw;
        }
    }

    /// <summary>The CRM said to wait (429, Retry-After): no call of this destination starts before then.</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        lock (_gate)
            if (until > _pausedUntil)
                _pausedUntil = until;
    }

    /// <returns>Null when a call may start now (and it is counted), else how long to wait.</returns>
    private TimeSpan? ReserveOrWait()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (_pausedUntil > now)
                return _pausedUntil - now;
            while (_recent.Count > 0 && _recent.Peek() <= now - Limit.Window)
                _recent.Dequeue();
            if (_recent.Count >= Limit.Requests)
                return _recent.Peek() + Limit.Window - now;
            _recent.Enqueue(now);
            return null;
        }
    }

    private sealed class Slot(SemaphoreSlim concurrent) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                concurrent.Release();
        }
    }
}

/// <summary>A destination's request budget: <see cref="Requests"/> per <see cref="Window"/>, <see cref="MaxConcurrent"/> at once.</summary>
public sealed record RateLimit(int Requests, TimeSpan Window, int MaxConcurrent)
{
    /// <summary>Reads <c>RateLimit:Requests</c>, <c>RateLimit:WindowSeconds</c> and <c>RateLimit:MaxConcurrent</c>, falling back to the vendor's published limits.</summary>
    public static RateLimit Read(DestinationSection section, RateLimit defaults, ICollection<string> errors) => new(
        section.Int("RateLimit:Requests", defaults.Requests, 1, 1_000_000, errors),
        TimeSpan.FromSeconds(section.Int("RateLimit:WindowSeconds", (int)defaults.Window.TotalSeconds, 1, 86_400, errors)),
        section.Int("RateLimit:MaxConcurrent", defaults.MaxConcurrent, 1, 1_000, errors));
}
