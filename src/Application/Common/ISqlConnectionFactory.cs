using System.Data.Common;

namespace ActOnSync.Application.Common;

/// <summary>Opens connections for the read side (queries go straight to DTOs with Dapper).</summary>
public interface ISqlConnectionFactory
{
    /// <exception cref="StoreUnavailableException">The database cannot be reached.</exception>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);
}
