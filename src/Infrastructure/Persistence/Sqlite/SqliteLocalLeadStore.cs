using System.Text.Json;
using ActOnSync.Application.Sync;
using ActOnSync.Infrastructure.Crm.Local;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ActOnSync.Infrastructure.Persistence.Sqlite;

public sealed class SqliteLocalLeadStore(SqliteConnectionFactory connections) : ILocalLeadStore
{
    public async Task<LocalUpsertResult> UpsertAsync(string destination, SyncDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var key = delivery.Record.KeyValue;
            var at = now.ToUnixTimeMilliseconds();
            var keyOwner = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT id FROM local_leads WHERE destination = @Destination AND upsert_key = @Key",
                new { Destination = destination, Key = key }, transaction, cancellationToken: cancellationToken));
            var linked = delivery.ExistingLink is { ObjectType: LocalDestination.ObjectType } link
                ? await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                    "SELECT id FROM local_leads WHERE id = @Id", new { Id = link.ObjectId }, transaction, cancellationToken: cancellationToken))
                : null;
            if (linked is not null && keyOwner is not null && linked != keyOwner)
                return new LocalUpsertResult(null, false,
                    $"The contact is linked to lead {linked}, but {delivery.Record.KeyProperty} '{key}' belongs to lead {keyOwner}.");

            var leadId = linked ?? keyOwner;
            var properties = JsonSerializer.Serialize(delivery.Record.Fields);
            var created = leadId is null;
            if (created)
            {
                leadId = Guid.CreateVersion7(now).ToString();
                await connection.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO local_leads (id, destination, upsert_key, properties, created_at, updated_at)
                    VALUES (@Id, @Destination, @Key, @Properties, @At, @At)
                    """, new { Id = leadId, Destination = destination, Key = key, Properties = properties, At = at }, transaction, cancellationToken: cancellationToken));
            }
            else
            {
                // json_patch merges: properties this event does not carry keep their value.
                await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE local_leads SET upsert_key = @Key, properties = json_patch(properties, @Properties), updated_at = @At
                    WHERE id = @Id
                    """, new { Id = leadId, Key = key, Properties = properties, At = at }, transaction, cancellationToken: cancellationToken));
            }

            var activity = delivery.Activity;
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO local_activities (id, destination, lead_id, step_execution_id, subject, description, occurred_at)
                VALUES (@Id, @Destination, @LeadId, @StepExecutionId, @Subject, @Description, @OccurredAt)
                ON CONFLICT (destination, step_execution_id) DO NOTHING
                """, new
            {
                Id = Guid.CreateVersion7(now).ToString(),
                Destination = destination,
                LeadId = leadId,
                StepExecutionId = delivery.StepExecutionId.ToString(),
                activity.Subject,
                activity.Description,
                OccurredAt = activity.OccurredAt.ToUnixTimeMilliseconds(),
            }, transaction, cancellationToken: cancellationToken));

            await transaction.CommitAsync(CancellationToken.None);
            return new LocalUpsertResult(leadId, created);
        }
        catch (SqliteException ex)
        {
            throw SqliteFaults.Translate(ex);
        }
    }
}
