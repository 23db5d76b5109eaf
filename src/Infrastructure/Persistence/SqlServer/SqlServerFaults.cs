namespace ActOnSync.Infrastructure.Persistence.SqlServer;

/// <summary>
/// SQL Server and Azure SQL error numbers after which the same transaction, run again a moment
/// later, may succeed (the set EF Core's and SqlClient's retry logic use).
/// </summary>
public static class SqlServerFaults
{
    private static readonly HashSet<int> Transient =
    [
        -2,    // client timeout
        20,    // the instance does not support encryption (seen while a server restarts)
        64,    // the specified network name is no longer available
        121,   // semaphore timeout: the network dropped
        233,   // no process is on the other end of the pipe
        1205,  // deadlock victim
        1222,  // lock request time out
        4060,  // cannot open the database (failover in progress)
        4221,  // login to a readable secondary timed out waiting for redo
        10053, // connection aborted by the host
        10054, // connection reset by the peer
        10060, // connection attempt timed out
        10928, // Azure SQL: resource limit reached
        10929, // Azure SQL: minimum guarantee not available
        10936, // Azure SQL: request limit reached
        40143, // Azure SQL: the service failed to process the request
        40197, // Azure SQL: error processing the request (failover, upgrade)
        40501, // Azure SQL: the service is busy
        40540, // Azure SQL: the service encountered an error
        40613, // Azure SQL: database not currently available
        41301, 41302, 41305, 41325, 41839, // in-memory OLTP transaction conflicts
        49918, 49919, 49920, // Azure SQL: too many operations in progress
    ];

    // The login or its database turned away: settings to fix, not a blip to retry at once.
    private static readonly HashSet<int> AccessRefused =
    [
        916,   // the login cannot access the database
        18452, // login from an untrusted domain
        18456, // login failed (wrong user or password, or the login has no access)
        18486, // the account is locked out
        18487, // the password has expired
        18488, // the password must be changed
    ];

    /// <summary>True when any of the error numbers a <c>SqlException</c> carries is transient.</summary>
    public static bool IsTransient(IEnumerable<int> errorNumbers) => errorNumbers.Any(Transient.Contains);

    /// <summary>True when the server refused the configured login or database.</summary>
    public static bool RefusesAccess(IEnumerable<int> errorNumbers) => errorNumbers.Any(AccessRefused.Contains);
}
