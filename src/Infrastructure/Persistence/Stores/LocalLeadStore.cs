using System.Text.Json;
using ActOnSync.Application.Sync;
using ActOnSync.Infrastructure.Crm.Local;
using Dapper;

namespace ActOnSync.Infrastructure.Persistence.Stores;

public sealed class LocalLeadStore(Database database) : ILocalLeadStore
{
    // Locked until the transaction ends: two instances syncing the same lead merge one after the other.
    private readonly string _leadByKeySql = database.Sql.SelectForUpdate("id AS Id, properties AS Properties", "local_leads",
        "destination = @Destination AND upsert_key = @Key");

    private readonly string _leadByIdSql = database.Sql.SelectForUpdate("id AS Id, properties AS Properties", "local_leads", "id = @Id");

    private readonly string _insertLeadSql = database.Sql.InsertIfAbsent("local_leads",
        ["id", "destination", "upsert_key", "properties", "created_at", "updated_at"], ["destination", "upsert_key"]);

    private const string UpdateLeadSql = "UPDATE local_leads SET upsert_key = @Key, properties = @Properties, updated_at = @At WHERE id = @Id";

    private readonly string _insertActivitySql = database.Sql.InsertIfAbsent("local_activities",
        ["id", "destination", "lead_id", "step_execution_id", "subject", "description", "occurred_at"],
        ["destination", "step_execution_id"]);

    public Task<LocalUpsertResult> UpsertAsync(string destination, SyncDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var key = delivery.Record.KeyValue;
            var at = now.ToUnixTimeMilliseconds();
            var keyOwner = await connection.QuerySingleOrDefaultAsync<LeadRow>(new CommandDefinition(_leadByKeySql,
                new { Destination = destination, Key = key }, transaction, cancellationToken: cancellationToken));
            var linked = delivery.ExistingLink is { ObjectType: LocalDestination.ObjectType } link
                ? await connection.QuerySingleOrDefaultAsync<LeadRow>(new CommandDefinition(_leadByIdSql,
                    new { Id = link.ObjectId }, transaction, cancellationToken: cancellationToken))
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
                }, transaction, cancellationToken: cancellationToken));
                if (inserted == 0)
                    throw new ConcurrentWriteException($"Another transaction created the lead of {delivery.Record.KeyProperty} '{key}' first.");
            }
            else
            {
                await connection.ExecuteAsync(new CommandDefinition(UpdateLeadSql, new
                {
                    lead.Id, Key = key, Properties = Merge(lead.Properties, delivery.Record.Fields), At = at,
                }, transaction, cancellationToken: cancellationToken));
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
            }, transaction, cancellationToken: cancellationToken));
            return new LocalUpsertResult(lead.Id, linked is null && keyOwner is null);
        }, cancellationToken);

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
