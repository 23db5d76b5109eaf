using ActOnSync.Application.Common;
using Microsoft.Data.Sqlite;

namespace ActOnSync.Infrastructure.Persistence.Sqlite;

/// <summary>Tells an outage of the database file (try again later) from a bug.</summary>
internal static class SqliteFaults
{
    private const int Busy = 5, Locked = 6, ReadOnly = 8, IoError = 10, Corrupt = 11, Full = 13, CantOpen = 14, NotADatabase = 26;

    /// <summary>
    /// Returns a <see cref="StoreUnavailableException"/> for outages, else the exception itself.
    /// After a file-level fault the pooled connections may point at a moved or deleted file
    /// (SQLite reports SQLITE_READONLY_DBMOVED): they are dropped so that recovery is seen.
    /// </summary>
    public static Exception Translate(SqliteException ex)
    {
        switch (ex.SqliteErrorCode)
        {
            case Busy or Locked:
                return new StoreUnavailableException("The database stayed locked longer than the configured timeout.", ex);
            case ReadOnly or IoError or Corrupt or Full or CantOpen or NotADatabase:
                SqliteConnection.ClearAllPools();
                return new StoreUnavailableException($"The database file cannot be used: {ex.Message}", ex);
            default:
                return ex;
        }
    }
}
