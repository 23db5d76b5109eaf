using ActOnSync.Application.Common;
using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActOnSync.Api.Health;

/// <summary>Ready means the store answers a query.</summary>
public sealed class StoreHealthCheck(ISqlConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The store is unreachable.", ex);
        }
    }
}
