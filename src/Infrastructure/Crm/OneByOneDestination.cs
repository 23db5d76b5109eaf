using ActOnSync.Application.Sync;
using ActOnSync.Domain.Sync;

namespace ActOnSync.Infrastructure.Crm;

/// <summary>A destination that takes one contact per call: the engine hands it batches of one.</summary>
public abstract class OneByOneDestination : ICrmDestination
{
    public int MaxBatchSize => 1;

    public async Task<IReadOnlyList<SyncOutcome>> DeliverAsync(IReadOnlyList<SyncDelivery> deliveries, CancellationToken cancellationToken)
    {
        var outcomes = new List<SyncOutcome>(deliveries.Count);
        foreach (var delivery in deliveries)
            outcomes.Add(await DeliverOneAsync(delivery, cancellationToken));
        return outcomes;
    }

    protected abstract Task<SyncOutcome> DeliverOneAsync(SyncDelivery delivery, CancellationToken cancellationToken);
}
