using ActOnSync.Application.Sync;

namespace ActOnSync.Infrastructure.Sync;

/// <summary>One destination's share of the dispatcher: its buffer of claimed jobs and its batches in flight.</summary>
internal sealed class DestinationLane(Destination destination)
{
    private readonly Queue<ClaimedJob> _buffer = new();
    private readonly object _gate = new();
    private int _inFlight;

    public Destination Destination { get; } = destination;

    /// <summary>The claim under way for this lane, if any: one at a time.</summary>
    public Task<bool>? Refill { get; set; }

    /// <summary>Jobs for one batch in every delivery slot: the buffer is refilled below this, up to twice this.</summary>
    public int RoundSize => Destination.MaxConcurrency * Destination.Adapter.MaxBatchSize;

    public int Buffered
    {
        get { lock (_gate) return _buffer.Count; }
    }

    public void Buffer(IEnumerable<ClaimedJob> jobs)
    {
        lock (_gate)
            foreach (var job in jobs)
                _buffer.Enqueue(job);
    }

    /// <returns>A batch to start when a delivery slot is free and jobs are buffered, else null.</returns>
    public IReadOnlyList<ClaimedJob>? TryTakeBatch()
    {
        lock (_gate)
        {
            if (_inFlight >= Destination.MaxConcurrency || _buffer.Count == 0)
                return null;
            var batch = new List<ClaimedJob>(Math.Min(_buffer.Count, Destination.Adapter.MaxBatchSize));
            while (batch.Count < Destination.Adapter.MaxBatchSize && _buffer.TryDequeue(out var job))
                batch.Add(job);
            _inFlight++;
            return batch;
        }
    }

    public void Finished()
    {
        lock (_gate)
            _inFlight--;
    }

    public IReadOnlyList<ClaimedJob> TakeAll()
    {
        lock (_gate)
        {
            var all = _buffer.ToList();
            _buffer.Clear();
            return all;
        }
    }
}
