using System.Data.Common;
using System.Text.Json;
using ActOnSync.Application.Sync;
using ActOnSync.Infrastructure.Crm.Local;
using Dapper;

namespace ActOnSync.Infrastructure.Persistence.Stores;

/// <summary>Leads and activities of the Local destination, written by group commit (a batch of deliveries shares a transaction).</summary>
public sealed class LocalLeadStore : ILocalLeadStore, IAsyncDisposable
{
    private const string UpdateLeadSql = "UPDATE local_leads SET upsert_key = @Key, properties = @Properties, updated_at = @At WHERE id = @Id";

    private readonly GroupCommit<(string Destination, SyncDelivery Delivery, DateTimeOffset Now), LocalUpsertResult> _writes;
    // Locked until the transaction ends: two instances syncing the same lead merge one after the other.
    private readonly string _leadByKeySql;
    private readonly string _leadByIdSql;
    private readonly string _insertLeadSql;
    private readonly string _insertActivitySql;

    public LocalLeadStore(Database database)
    {
        _leadByKeySql = database.Sql.SelectForUpdate("id AS Id, properties AS Properties", "local_leads", "destination = @Destination AND upsert_key = @Key");
        _leadByIdSql = database.Sql.SelectForUpdate("id AS Id, properties AS Properties", "local_leads", "id = @Id");
        _insertLeadSql = database.Sql.InsertIfAbsent("local_leads",
            ["id", "destination", "upsert_key", "properties", "created_at", "updated_at"], ["destination", "upsert_key"]);
        _insertActivitySql = database.Sql.InsertIfAbsent("local_activities",
            ["id", "destination", "lead_id", "step_execution_id", "subject", "description", "occurred_at"],
            ["destination", "step_execution_id"]);
        _writes = new(database, (connection, transaction, write) => UpsertAsync(connection, transaction, write.Destination, write.Delivery, write.Now));
    }

    public Task<LocalUpsertResult> UpsertAsync(string destination, SyncDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken) =>
        _writes.WriteAsync((destination, delivery, now)).WaitAsync(cancellationToken);

    public ValueTask DisposeAsync() => _writes.DisposeAsync();

    private async Task<LocalUpsertResult> UpsertAsync(DbConnection connection, DbTransaction transaction, string destination, SyncDelivery delivery, DateTimeOffset now)
    {
        var key = delivery.Record.KeyValue;
        var at = now.ToUnixTimeMilliseconds();
        var keyOwner = await connection.QuerySingleOrDefaultAsync<LeadRow>(new CommandDefinition(_leadByKeySql,
            new { Destination = destination, Key = key }, transaction));
        var linked = delivery.ExistingLink is { ObjectType: LocalDestination.ObjectType } link
            ? await connection.QuerySingleOrDefaultAsync<LeadRow>(new CommandDefinition(_leadByIdSql,
                new { Id = link.ObjectId }, transaction))
            : null;
        if (linked is not null && keyOwner is not null && linked.Id != keyOwner.Id)
            return new LocalUpsertResult(null, false,
                $"The contact is linked to lead {linked.Id}, but {delivery.Record.KeyProperty} '{key}' belongs to lead {keyOwner.Id}.");

        var lead = linked ?? keyOwner;
        if (lead is null)
        {
            lead = new LeadRow { Id = Guid.CreateVersion7(now).ToString() };
            var inserted = await connection.ExecuteAsync(new CommandDefinition(_insertLeadSql, new
            {
                lead.Id, Destination = destination, UpsertKey = key, Properties = JsonSerializer.Serialize(delivery.Record.Fields),
                CreatedAt = at, UpdatedAt = at,
            }, transaction));
            if (inserted == 0)
                throw new ConcurrentWriteException($"Another transaction created the lead of {delivery.Record.KeyProperty} '{key}' first.");
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition(UpdateLeadSql, new
            {
                lead.Id, Key = key, Properties = Merge(lead.Properties, delivery.Record.Fields), At = at,
            }, transaction));
        }

        var activity = delivery.Activity;
        await connection.ExecuteAsync(new CommandDefinition(_insertActivitySql, new
        {
            Id = Guid.CreateVersion7(now).ToString(),
            Destination = destination,
            LeadId = lead.Id,
            StepExecutionId = delivery.StepExecutionId.ToString(),
            activity.Subject,
            activity.Description,
            OccurredAt = activity.OccurredAt.ToUnixTimeMilliseconds(),
        }, transaction));
        return new LocalUpsertResult(lead.Id, linked is null && keyOwner is null);
    }

    // Properties this event does not carry keep their value.
    private static string Merge(string stored, IReadOnlyDictionary<string, string> fields)
    {
        var merged = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(stored) ?? [];
        foreach (var (name, value) in fields)
            merged[name] = JsonSerializer.SerializeToElement(value);
        return JsonSerializer.Serialize(merged);
    }

    private sealed class LeadRow
    {
        public string Id { get; init; } = "";
        public string Properties { get; init; } = "{}";
    }
}
