using Dapper;
using Microsoft.Data.Sqlite;

namespace ActOnSync.Bench;

/// <summary>
/// One benchmark run of the sync: a temporary folder with N queued jobs for one destination, the
/// service running on it until every job is settled, then what the attempts say. Deleted on dispose.
/// </summary>
public sealed class SyncRun : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actonsync-bench-").FullName;
    private readonly string _connectionString;

    /// <param name="destinationSettings">The destination's own settings (Type, URL, credentials, Fields...), without its prefix.</param>
    public SyncRun(int jobs, string destination, IDictionary<string, string> destinationSettings)
    {
        Jobs = jobs;
        _connectionString = $"Data Source={Path.Combine(_folder, "bench.db")};Default Timeout=5";
        BenchDatabase.Create(_connectionString, jobs, destination);
        var environment = new Dictionary<string, string>
        {
            ["Sync__PollIntervalSeconds"] = "0.05",
            ["Destinations__local__Enabled"] = "false",
        };
        foreach (var (key, value) in destinationSettings)
            environment[$"Destinations__{destination}__{key.Replace(":", "__")}"] = value;
        Service = ServiceProcess.Start(_connectionString, environment);
    }

    public int Jobs { get; }

    public ServiceProcess Service { get; }

    /// <summary>Waits until no job is pending or in progress, then reads the attempts.</summary>
    public async Task<SyncRunResult> WaitUntilSettledAsync()
    {
        await using var db = new SqliteConnection(_connectionString);
        var deadline = DateTime.UtcNow.AddMinutes(15);
        while (await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sync_jobs WHERE status IN ('delivered', 'dead_lettered')") < Jobs)
        {
            if (Service.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException("The service stopped or did not settle every job in time; see its log above.");
            await Task.Delay(250);
        }
        var span = await db.QuerySingleAsync<(long First, long Last, long Attempts, long Failed)>("""
            SELECT MIN(attempted_at), MAX(attempted_at + duration_ms), COUNT(*), SUM(outcome <> 'Success') FROM sync_attempts
            """);
        var delivered = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sync_jobs WHERE status = 'delivered'");
        return new SyncRunResult(TimeSpan.FromMilliseconds(span.Last - span.First), delivered, span.Attempts, span.Failed);
    }

    public void Dispose()
    {
        Service.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <param name="Elapsed">The first attempt's start to the last attempt's end.</param>
public sealed record SyncRunResult(TimeSpan Elapsed, long Delivered, long Attempts, long FailedAttempts);
