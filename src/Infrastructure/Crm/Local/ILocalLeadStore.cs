using ActOnSync.Application.Sync;

namespace ActOnSync.Infrastructure.Crm.Local;

/// <summary>Leads and activities of the Local destination, in ActOnSync's own database (whichever provider it runs on).</summary>
public interface ILocalLeadStore
{
    /// <summary>
    /// In one transaction: updates the linked lead, else the lead with the same key, else creates
    /// one; then adds the activity unless this step execution already has one.
    /// </summary>
    /// <returns>The lead's id and whether it was created, or a conflict when the key belongs to another lead.</returns>
    Task<LocalUpsertResult> UpsertAsync(string destination, SyncDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <param name="Conflict">Set when nothing was written because the new key belongs to another lead.</param>
public sealed record LocalUpsertResult(string? LeadId, bool Created, string? Conflict = null);
