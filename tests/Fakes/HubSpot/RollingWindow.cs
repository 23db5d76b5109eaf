using System.Diagnostics;

namespace ActOnSync.Fakes.HubSpot;

/// <summary>
/// A rolling rate limit as HubSpot applies it: a call is let in when fewer than <c>max</c> calls
/// arrived in the last <c>interval</c>. Refused calls are not counted.
/// </summary>
internal sealed class RollingWindow(int max, TimeSpan interval)
{
    private readonly Queue<long> _arrivals = new();
    private readonly Lock _gate = new();

    public int Max => max;

    public TimeSpan Interval => interval;

    /// <returns>The calls left in the window once this one is counted, or null when the window is full.</returns>
    public int? TryEnter()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            while (_arrivals.Count > 0 && Stopwatch.GetElapsedTime(_arrivals.Peek(), now) >= interval)
                _arrivals.Dequeue();
            if (_arrivals.Count >= max)
                return null;
            _arrivals.Enqueue(now);
            return max - _arrivals.Count;
        }
    }
}
