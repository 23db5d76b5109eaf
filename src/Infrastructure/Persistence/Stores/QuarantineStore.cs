using ActOnSync.Application.Quarantine;
using Dapper;

namespace ActOnSync.Infrastructure.Persistence.Stores;

public sealed class QuarantineStore(Database database) : IQuarantineStore
{
    // Act-On retries a failed message for about a day: its retries count on the first row.
    private const string CountRetrySql = """
        UPDATE quarantined_deliveries SET deliveries = deliveries + 1, last_received_at = @ReceivedAt
        WHERE message_id = @MessageId
        """;

    private const string IdSql = "SELECT id FROM quarantined_deliveries WHERE message_id = @MessageId";

    private readonly string _insertSql = database.Sql.InsertIfAbsent("quarantined_deliveries",
        ["id", "message_id", "endpoint", "reason", "headers", "raw_body", "deliveries", "received_at", "last_received_at"],
        ["message_id"]);

    public Task<Guid> AddAsync(QuarantinedDelivery delivery, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var row = new
            {
                Id = delivery.Id.ToString(),
                delivery.MessageId,
                delivery.Endpoint,
                delivery.Reason,
                Headers = delivery.HeadersJson,
                RawBody = delivery.RawBody.ToArray(),
                Deliveries = 1,
                ReceivedAt = delivery.ReceivedAt.ToUnixTimeMilliseconds(),
                LastReceivedAt = delivery.ReceivedAt.ToUnixTimeMilliseconds(),
            };
            // A delivery without a message id is its own row (NULL matches no other).
            if (delivery.MessageId is null || await connection.ExecuteAsync(new CommandDefinition(CountRetrySql, row, transaction, cancellationToken: cancellationToken)) == 0)
            {
                if (await connection.ExecuteAsync(new CommandDefinition(_insertSql, row, transaction, cancellationToken: cancellationToken)) == 1)
                    return delivery.Id;
                // Another instance stored the first delivery of this message in between.
                await connection.ExecuteAsync(new CommandDefinition(CountRetrySql, row, transaction, cancellationToken: cancellationToken));
            }

            return Guid.Parse((await connection.ExecuteScalarAsync<string>(new CommandDefinition(IdSql, row, transaction, cancellationToken: cancellationToken)))!);
        }, cancellationToken, urgent: true);
}
