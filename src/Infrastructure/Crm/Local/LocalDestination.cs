using ActOnSync.Application.Common;
using ActOnSync.Application.Sync;
using ActOnSync.Domain.Sync;

namespace ActOnSync.Infrastructure.Crm.Local;

/// <summary>The built-in destination: leads upserted by key and an activity per step execution, in ActOnSync's own database.</summary>
public sealed class LocalDestination(string name, ILocalLeadStore leads, TimeProvider clock) : OneByOneDestination
{
    public const string ObjectType = "lead";

    protected override async Task<SyncOutcome> DeliverOneAsync(SyncDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            var result = await leads.UpsertAsync(name, delivery, clock.GetUtcNow(), cancellationToken);
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
