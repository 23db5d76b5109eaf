namespace ActOnSync.Application.Sync;

/// <summary>
/// How fast deliveries arrive. While they arrive faster than <see cref="SyncOptions.IngestFirstAbovePerSecond"/>
/// (a campaign releasing thousands of contacts at once), the sync steps back to one round of
/// batches per second, so the machine acknowledges the burst first; the events wait safely in the
/// outbox, and the sync catches up at full speed once the burst is over.
/// </summary>
public sealed class IngestPressure(SyncOptions options, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private long _second;
    private int _thisSecond;
    private int _lastSecond;

    public void Note()
    {
        var second = CurrentSecond();
        lock (_lock)
        {
            Roll(second);
            _thisSecond++;
        }
    }

    /// <summary>True while the last full second, or this one so far, saw more deliveries than the threshold.</summary>
    public bool IsHigh
    {
        get
        {
            if (options.IngestFirstAbovePerSecond <= 0)
                return false;
            var second = CurrentSecond();
            lock (_lock)
            {
                Roll(second);
                return Math.Max(_thisSecond, _lastSecond) > options.IngestFirstAbovePerSecond;
            }
        }
    }

    private long CurrentSecond() => clock.GetUtcNow().ToUnixTimeSeconds();

    private void Roll(long second)
    {
        if (second == _second)
            return;
        _lastSecond = second == _second + 1 ? _thisSecond : 0;
        _thisSecond = 0;
        _second = second;
    }
}
