namespace ActOnSync.Fakes.Dynamics;

/// <summary>
/// Dataverse's service protection limit on the number of requests, simplified: at most
/// <c>requests</c> per sliding <c>window</c>; the one over it and every one after it is refused
/// until the penalty (the Retry-After) has passed, after which the count starts afresh.
/// Off until <see cref="Limit"/> is called. Not thread-safe: the caller holds its lock.
/// </summary>
internal sealed class FakeServiceProtection
{
    private readonly Queue<DateTimeOffset> _recent = new();
    private int _requests = int.MaxValue;
    private TimeSpan _window;
    private TimeSpan _penalty;
    private DateTimeOffset _refusedUntil;

    public void Limit(int requests, TimeSpan window, TimeSpan penalty) => (_requests, _window, _penalty) = (requests, window, penalty);

    /// <returns>Null when the request is let in (and counted); else the whole seconds to wait.</returns>
    public int? Admit(DateTimeOffset now)
    {
        if (_refusedUntil > now)
            return WholeSeconds(_refusedUntil - now);
        while (_recent.Count > 0 && _recent.Peek() <= now - _window)
            _recent.Dequeue();
        if (_recent.Count < _requests)
        {
            _recent.Enqueue(now);
            return null;
        }
        _refusedUntil = now + _penalty;
        _recent.Clear();
        return WholeSeconds(_penalty);
    }

    public string Describe() =>
        $"Number of requests exceeded the limit of {_requests} over time window of {_window.TotalSeconds:0} seconds.";

    private static int WholeSeconds(TimeSpan wait) => (int)Math.Ceiling(wait.TotalSeconds);
}
