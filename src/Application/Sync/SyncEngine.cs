using System.Diagnostics;
using ActOnSync.Domain.Sync;
using Microsoft.Extensions.Logging;

namespace ActOnSync.Application.Sync;

/// <summary>
/// Runs claimed jobs through their destination: maps each contact, delivers the batch, and records
/// every attempt with what follows (delivered, retry at a time, dead letter).
/// </summary>
public sealed class SyncEngine(ISyncJobStore jobs, RetryPolicy policy, DestinationThrottle throttle, SyncOptions options,
    TimeProvider clock, ILogger<SyncEngine> logger)
{
    private readonly TimeSpan _lease = TimeSpan.FromSeconds(options.LeaseSeconds);
    private readonly TimeSpan _requestTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds);

    /// <summary>True while the destination asked us to wait (throttling): nothing of it is claimed or started.</summary>
    public bool IsPaused(Destination destination) => throttle.PausedUntil(destination.Name, clock.GetUtcNow()) is not null;

    /// <summary>Gives claimed jobs back unattempted (shutdown), to be claimed again at once.</summary>
    public Task ReleaseAsync(IReadOnlyList<ClaimedJob> claimed) =>
        claimed.Count == 0 ? Task.CompletedTask : jobs.ReleaseAsync(claimed, CancellationToken.None);

    /// <summary>Claims due jobs of a destination that is not paused by throttling.</summary>
    public Task<IReadOnlyList<ClaimedJob>> ClaimAsync(Destination destination, int max, CancellationToken cancellationToken)
    {
        if (IsPaused(destination))
            return Task.FromResult<IReadOnlyList<ClaimedJob>>([]);
        var now = clock.GetUtcNow();
        return jobs.ClaimDueAsync(destination.Name, max, now, now + _lease, cancellationToken);
    }

    /// <summary>
    /// Maps and delivers one batch (at most the adapter's batch size); the jobs that cannot be mapped are dead-lettered here. The
    /// answers are recorded by <see cref="RecordAsync"/>, so the caller can free the delivery slot in between.
    /// </summary>
    /// <returns>The outcomes to record; empty when nothing was sent or the batch was released at shutdown.</returns>
    public async Task<DeliveredBatch> DeliverAsync(Destination destination, IReadOnlyList<ClaimedJob> batch, CancellationToken stopping)
    {
        var deliveries = new List<(ClaimedJob Job, SyncDelivery Delivery)>(batch.Count);
        foreach (var job in batch)
        {
            var record = Map(destination, job, out var mappingError);
            if (record is null)
            {
                await CompleteAsync(job, SyncOutcome.Permanent(mappingError!), clock.GetUtcNow(), TimeSpan.Zero);
                continue;
            }
            deliveries.Add((job, new SyncDelivery(job.JobId, job.StepExecutionId, job.RecId, job.StepId, record,
                job.ExistingLink, StepExecutionFields.ActivityFor(job))));
        }
        if (deliveries.Count == 0)
            return DeliveredBatch.Nothing;

        var startedAt = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<SyncOutcome> outcomes;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            timeout.CancelAfter(_requestTimeout);
            try
            {
                outcomes = await destination.Adapter.DeliverAsync(deliveries.Select(d => d.Delivery).ToList(), timeout.Token);
                if (outcomes.Count != deliveries.Count)
                    throw new InvalidOperationException($"The {destination.Type} adapter answered {outcomes.Count} outcomes for {deliveries.Count} deliveries.");
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                await ReleaseAsync(deliveries.Select(d => d.Job).ToList());
                return DeliveredBatch.Nothing;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // A batch that waited in the adapter for a throttling pause (asked by another batch) was not refused: no failure.
                var outcome = throttle.PausedUntil(destination.Name, clock.GetUtcNow()) is { } pausedUntil
                    ? SyncOutcome.Throttled(pausedUntil - clock.GetUtcNow(), null, "Waited for the destination's throttling pause.")
                    : SyncOutcome.Transient($"No answer within {_requestTimeout.TotalSeconds:0.#} s (Sync:RequestTimeoutSeconds).");
                outcomes = Enumerable.Repeat(outcome, deliveries.Count).ToList();
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Delivery to {Destination} failed", destination.Name);
                outcomes = Enumerable.Repeat(SyncOutcome.Transient(ex.Message), deliveries.Count).ToList();
            }
        }

        var duration = Stopwatch.GetElapsedTime(started);
        foreach (var throttled in outcomes.Where(o => o.Class == OutcomeClass.Throttled))
            throttle.Pause(destination.Name, startedAt + duration + policy.ThrottleWait(throttled));
        return new DeliveredBatch(deliveries.Select((d, i) => (d.Job, outcomes[i])).ToList(), startedAt, duration);
    }

    /// <summary>Records every attempt of a delivered batch and what follows it.</summary>
    /// <remarks>All at once: the store may write them in one transaction.</remarks>
    public Task RecordAsync(DeliveredBatch delivered) =>
        Task.WhenAll(delivered.Outcomes.Select(o => CompleteAsync(o.Job, o.Outcome, delivered.StartedAt, delivered.Duration)));

    private static Domain.Sync.MappedRecord? Map(Destination destination, ClaimedJob job, out string? error)
    {
        try
        {
            return destination.Mapping.Apply(new StepExecutionFields(job).Lookup, out error);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            // Never retried: the stored fields will not become readable, and a throw here would re-claim the batch forever.
            error = $"The stored contact fields are not a JSON object: {ex.Message}";
            return null;
        }
    }

    private async Task CompleteAsync(ClaimedJob job, SyncOutcome outcome, DateTimeOffset attemptedAt, TimeSpan duration)
    {
        var next = policy.Decide(outcome, job.Failures, clock.GetUtcNow(), Random.Shared.NextDouble());
        var link = outcome.Class == OutcomeClass.Success ? new CrmLink(outcome.CrmObjectType!, outcome.CrmObjectId!) : null;
        var attempt = new SyncAttempt(attemptedAt, outcome.Class, outcome.HttpStatus, outcome.Message, duration);
        // Not cancellable: the attempt happened and must be recorded, also during shutdown.
        if (!await jobs.CompleteAsync(new JobCompletion(job, attempt, next, link), CancellationToken.None))
            logger.LogWarning("Sync job {JobId} lost its lease before its attempt was recorded", job.JobId);
        else if (next.Status == Domain.Sync.SyncJobStatus.DeadLettered)
            logger.LogWarning("Sync job {JobId} to {Destination} dead-lettered: {Outcome} {Message}", job.JobId, job.Destination, outcome.Class, outcome.Message);
    }
}

/// <summary>A batch's answers, waiting to be recorded.</summary>
public sealed record DeliveredBatch(IReadOnlyList<(ClaimedJob Job, SyncOutcome Outcome)> Outcomes, DateTimeOffset StartedAt, TimeSpan Duration)
{
    public static DeliveredBatch Nothing { get; } = new([], default, TimeSpan.Zero);
}
