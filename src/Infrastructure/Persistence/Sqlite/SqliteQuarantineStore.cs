using ActOnSync.Application.Quarantine;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ActOnSync.Infrastructure.Persistence.Sqlite;

public sealed class SqliteQuarantineStore(SqliteConnectionFactory connections) : IQuarantineStore
{
    // Act-On retries a failed message for about a day: its retries count on the first row.
    private const string UpsertSql = """
        INSERT INTO quarantined_deliveries (id, message_id, endpoint, reason, headers, raw_body, deliveries, received_at, last_received_at)
        VALUES (@Id, @MessageId, @Endpoint, @Reason, @Headers, @RawBody, 1, @ReceivedAt, @ReceivedAt)
        ON CONFLICT (message_id) DO UPDATE SET deliveries = deliveries + 1, last_received_at = excluded.received_at
        RETURNING id
        """;

    public async Task<Guid> AddAsync(QuarantinedDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            var id = await connection.ExecuteScalarAsync<string>(new CommandDefinition(UpsertSql, new
            {
                Id = delivery.Id.ToString(),
                delivery.MessageId,
                delivery.Endpoint,
                delivery.Reason,
                Headers = delivery.HeadersJson,
                RawBody = delivery.RawBody.ToArray(),
                ReceivedAt = delivery.ReceivedAt.ToUnixTimeMilliseconds(),
            }, cancellationToken: cancellationToken));
            return Guid.Parse(id!);
        }
        catch (SqliteException ex)
        {
            throw SqliteFaults.Translate(ex);
        }
    }
}
