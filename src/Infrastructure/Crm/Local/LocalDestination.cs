using ActOnSync.Application.Common;
using ActOnSync.Application.Sync;
using ActOnSync.Domain.Sync;

namespace ActOnSync.Infrastructure.Crm.Local;

/// <summary>The built-in destination: leads upserted by key and an activity per step execution, in ActOnSync's own database.</summary>
public sealed class LocalDestination(string name, ILocalLeadStore leads, TimeProvider clock) : ICrmDestination
{
    public const string ObjectType = "lead";

    // The deliveries of a batch go to the store together, which writes them in one transaction (group commit).
    public int MaxBatchSize => 100;

    public async Task<IReadOnlyList<SyncOutcome>> DeliverAsync(IReadOnlyList<SyncDelivery> deliveries, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await Task.WhenAll(deliveries.Select(delivery => DeliverOneAsync(delivery, now, cancellationToken)));
    }

    private async Task<SyncOutcome> DeliverOneAsync(SyncDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var result = await leads.UpsertAsync(name, delivery, now, cancellationToken);
            return result.Conflict is null
                ? SyncOutcome.Success(ObjectType, result.LeadId!, result.Created)
                : SyncOutcome.Conflict(result.Conflict);
        }
        catch (StoreUnavailableException ex)
        {
            return SyncOutcome.Transient(ex.Message);
        }
    }
}
