using ActOnSync.Application.Common;
using ActOnSync.Application.Sync;
using ActOnSync.Domain.Sync;

namespace ActOnSync.Infrastructure.Crm.Local;

/// <summary>The built-in destination: leads upserted by key and an activity per step execution, in ActOnSync's own database.</summary>
public sealed class LocalDestination(string name, ILocalLeadStore leads, TimeProvider clock) : ICrmDestination
{
    public const string ObjectType = "lead";

    public int MaxBatchSize => 1;

    public async Task<IReadOnlyList<SyncOutcome>> DeliverAsync(IReadOnlyList<SyncDelivery> deliveries, CancellationToken cancellationToken)
    {
        var outcomes = new List<SyncOutcome>(deliveries.Count);
        foreach (var delivery in deliveries)
        {
            try
            {
                var result = await leads.UpsertAsync(name, delivery, clock.GetUtcNow(), cancellationToken);
                outcomes.Add(result.Conflict is null
                    ? SyncOutcome.Success(ObjectType, result.LeadId!, result.Created)
                    : SyncOutcome.Conflict(result.Conflict));
            }
            catch (StoreUnavailableException ex)
            {
                outcomes.Add(SyncOutcome.Transient(ex.Message));
            }
        }
        return outcomes;
    }
}
