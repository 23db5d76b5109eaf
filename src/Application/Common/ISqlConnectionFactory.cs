using System.Data.Common;

namespace ActOnSync.Application.Common;

/// <summary>Opens connections for the read side (queries go straight to DTOs with Dapper).</summary>
public interface ISqlConnectionFactory
{
    /// <exception cref="StoreUnavailableException">The database cannot be reached.</exception>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// This database's way to cap a query's rows, placed after ORDER BY (<c>LIMIT @Take</c>, or
    /// <c>OFFSET 0 ROWS FETCH NEXT @Take ROWS ONLY</c> on SQL Server): the one piece of the
    /// read side's SQL that is not the same on every supported database.
    /// </summary>
    string Limit(string countParameter);
}
