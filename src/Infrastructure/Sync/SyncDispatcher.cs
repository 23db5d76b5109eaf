using System.Collections.Concurrent;
using ActOnSync.Application.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActOnSync.Infrastructure.Sync;

/// <summary>
/// The background loop of the sync. Per destination it keeps a small buffer of claimed jobs
/// (claimed in one transaction, under lease), and starts batches from it as delivery slots free
/// up, so a slot never waits for a claim. It sleeps until woken (new jobs, a finished batch) or
/// the poll interval passes. On shutdown, deliveries in flight get a grace period, then are
/// cancelled; their jobs and the buffered ones are released, so none waits for its lease to end.
/// </summary>
public sealed class SyncDispatcher(IDestinationCatalog catalog, SyncEngine engine, SyncWakeUp wakeUp, IngestPressure pressure,
    SyncOptions options, ILogger<SyncDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan YieldInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly CancellationTokenSource _abort = new();
    private List<DestinationLane> _lanes = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.PollIntervalSeconds);
        _lanes = catalog.All.Where(d => d.Enabled).Select(d => new DestinationLane(d)).ToList();
        if (_lanes.Count == 0)
            return;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var progressed = false;
                foreach (var lane in _lanes)
                {
                    // A pause can outlast the buffered jobs' leases: give them back rather than hold them.
                    if (engine.IsPaused(lane.Destination) && lane.Buffered > 0)
                        await engine.ReleaseAsync(lane.TakeAll());
                    progressed |= StartBatches(lane);
                    // The claim runs beside the loop, never in its way: a slot that frees meanwhile starts at once.
                    if (lane.Refill is not { IsCompleted: false })
                        lane.Refill = RefillAsync(lane, stoppingToken);
                }
                // During a burst of deliveries: one round of batches per second, the rest of the machine to ingest.
                if (pressure.IsHigh)
                    await Task.Delay(YieldInterval, stoppingToken);
                else if (!progressed)
                    await wakeUp.WaitAsync(poll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Claims more jobs once the buffer is down to one round (a batch for every slot), up to two:
    /// claims stay few and large, and a buffered job starts within two delivery times, so it is done
    /// before its lease (at least three request timeouts, see SyncOptions) ends.
    /// </summary>
    private async Task<bool> RefillAsync(DestinationLane lane, CancellationToken stoppingToken)
    {
        if (lane.Buffered > lane.RoundSize)
            return false;
        try
        {
            var claimed = await engine.ClaimAsync(lane.Destination, 2 * lane.RoundSize - lane.Buffered, stoppingToken);
            lane.Buffer(claimed);
            if (claimed.Count > 0)
                wakeUp.Signal();
            return claimed.Count > 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception ex)
        {
            // The store may be down for a while: keep the loop alive and try again at the next poll.
            logger.LogError(ex, "Claiming sync jobs of {Destination} failed", lane.Destination.Name);
            return false;
        }
    }

    private bool StartBatches(DestinationLane lane)
    {
        var started = false;
        while (!engine.IsPaused(lane.Destination) && lane.TryTakeBatch() is { } batch)
        {
            var task = Task.Run(() => RunAsync(lane, batch));
            _running[task] = 0;
            task.ContinueWith(t =>
            {
                if (t.Exception is { } ex)
                    logger.LogError(ex, "A sync batch of {Destination} failed; its jobs come back when their lease ends", lane.Destination.Name);
                _running.TryRemove(t, out _);
            }, TaskScheduler.Default);
            started = true;
        }
        return started;
    }

    /// <summary>The delivery slot is freed as soon as the destination answered: recording the answers needs no slot.</summary>
    private async Task RunAsync(DestinationLane lane, IReadOnlyList<ClaimedJob> batch)
    {
        DeliveredBatch delivered;
        try
        {
            delivered = await engine.DeliverAsync(lane.Destination, batch, _abort.Token);
        }
        finally
        {
            lane.Finished();
            wakeUp.Signal();
        }
        await engine.RecordAsync(delivered);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var inFlight = Task.WhenAll(_running.Keys);
        var grace = Task.Delay(TimeSpan.FromSeconds(options.ShutdownGraceSeconds), cancellationToken);
        if (await Task.WhenAny(inFlight, grace) != inFlight)
        {
            logger.LogInformation("Releasing {Count} sync batches still in flight at shutdown", _running.Count);
            await _abort.CancelAsync();
        }
        try { await inFlight.WaitAsync(cancellationToken); }
        catch (Exception ex) when (ex is OperationCanceledException or AggregateException) { }
        foreach (var lane in _lanes)
        {
            if (lane.Refill is { } refill)
                await refill;
            await engine.ReleaseAsync(lane.TakeAll());
        }
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }
}
