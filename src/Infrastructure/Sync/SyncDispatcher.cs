using System.Collections.Concurrent;
using ActOnSync.Application.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActOnSync.Infrastructure.Sync;

/// <summary>
/// The background loop of the sync: claims due jobs per destination up to its concurrency, runs
/// them through the <see cref="SyncEngine"/>, and sleeps until woken (new jobs, a finished batch)
/// or the poll interval passes. On shutdown, deliveries in flight get a grace period, then are
/// cancelled and their jobs released, so nothing waits for a lease to expire after a clean stop.
/// </summary>
public sealed class SyncDispatcher(IDestinationCatalog catalog, SyncEngine engine, SyncWakeUp wakeUp, SyncOptions options,
    ILogger<SyncDispatcher> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly CancellationTokenSource _abort = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.PollIntervalSeconds);
        var destinations = catalog.All.Where(d => d.Enabled).ToList();
        if (destinations.Count == 0)
            return;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var claimedAny = false;
                foreach (var destination in destinations)
                    claimedAny |= await ClaimAndStartAsync(destination, stoppingToken);
                if (!claimedAny)
                    await wakeUp.WaitAsync(poll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> ClaimAndStartAsync(Destination destination, CancellationToken stoppingToken)
    {
        var free = destination.MaxConcurrency - _inFlight.GetValueOrDefault(destination.Name);
        if (free <= 0)
            return false;
        IReadOnlyList<ClaimedJob> claimed;
        try
        {
            claimed = await engine.ClaimAsync(destination, free * destination.Adapter.MaxBatchSize, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store may be down for a while: keep the loop alive and try again at the next poll.
            logger.LogError(ex, "Claiming sync jobs of {Destination} failed", destination.Name);
            return false;
        }
        foreach (var batch in claimed.Chunk(destination.Adapter.MaxBatchSize))
            Start(destination, batch);
        return claimed.Count > 0;
    }

    private void Start(Destination destination, IReadOnlyList<ClaimedJob> batch)
    {
        _inFlight.AddOrUpdate(destination.Name, 1, (_, n) => n + 1);
        var task = Task.Run(() => engine.RunAsync(destination, batch, _abort.Token));
        _running[task] = 0;
        task.ContinueWith(t =>
        {
            if (t.Exception is { } ex)
                logger.LogError(ex, "A sync batch of {Destination} failed; its jobs come back when their lease ends", destination.Name);
            _inFlight.AddOrUpdate(destination.Name, 0, (_, n) => n - 1);
            _running.TryRemove(t, out _);
            wakeUp.Signal();
        }, TaskScheduler.Default);
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
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }
}
