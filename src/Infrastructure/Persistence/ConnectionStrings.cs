using System.Data.Common;

namespace ActOnSync.Infrastructure.Persistence;

internal static class ConnectionStrings
{
    /// <summary>
    /// The drivers wait 15 s for a connection by default: a server that is down would hold every
    /// ingest request (and /health/ready) that long. Unless the operator chose a value, 5 s.
    /// </summary>
    public const int DefaultConnectTimeoutSeconds = 5;

    public static bool Sets(string connectionString, params string[] keys)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return keys.Any(builder.ContainsKey);
    }
}
