using ActOnSync.Application.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActOnSync.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file off the commit path. SQLite would do it
/// inside whichever commit crosses 1,000 pages of log, and that commit (with every delivery of its
/// group) would wait for the copy and the fsync of the database file: on a large database, whose
/// index pages are spread far apart, most of the write time.
/// </summary>
/// <remarks>
/// A passive checkpoint copies beside the writer and the readers. It cannot finish while the
/// writer keeps appending, so once the log passes <see cref="RestartPages"/> (16 MiB) the last
/// pages are copied while the writer is idle, which lets the next commit start the log over
/// instead of growing it; only a burst that grows it to <see cref="MaxLogPages"/> (256 MiB) gets a
/// write turn for that (a background one: deliveries still go first).
/// </remarks>
public sealed class SqliteCheckpointer(SqliteDatabase database, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    private const int RestartPages = 4_000;
    private const int CatchUpPages = 500;
    private const int MaxLogPages = 64_000;
    // Each checkpoint copies every page the log holds since the last one, once, and fsyncs the file:
    // the pages every commit rewrites (the tails of the tables and time-ordered indexes) are copied
    // once a second, not five times (200 ms). The cost is longer fsyncs on a large database, whose
    // commits then wait longer at times (docs/benchmarks.md).
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var (logPages, copied) = await TryAsync(() => CheckpointAsync("PASSIVE", stoppingToken));
                if (logPages < RestartPages)
                {
                    await Task.Delay(Interval, stoppingToken);
                    continue;
                }
                // A long log: copy on at once, and restart it when the writer is idle (or, if a
                // burst keeps it busy that long, at MaxLogPages in a background write turn).
                await TryAsync(async () => await database.InWriteTurnAsync(c => CheckpointAsync(c, "RESTART", stoppingToken),
                    wait: logPages >= MaxLogPages, stoppingToken) ?? (logPages, copied));
                if (logPages - copied <= CatchUpPages)
                    await Task.Delay(Interval / 10, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // At a graceful stop the log is emptied: the file alone then holds the data.
        await TryAsync(() => CheckpointAsync("TRUNCATE", CancellationToken.None));
    }

    private async Task<(int LogPages, int Copied)> CheckpointAsync(string mode, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await database.OpenAsync(cancellationToken);
        return await CheckpointAsync(connection, mode, cancellationToken);
    }

    private static async Task<(int LogPages, int Copied)> CheckpointAsync(SqliteConnection connection, string mode, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(1), reader.GetInt32(2));
    }

    private async Task<(int, int)> TryAsync(Func<Task<(int, int)>> checkpoint)
    {
        try
        {
            return await checkpoint();
        }
        catch (Exception ex) when (ex is SqliteException or StoreUnavailableException)
        {
            // The store's own errors reach the requests; here the next tick tries again.
            logger.LogDebug(ex, "WAL checkpoint did not run");
            return (0, 0);
        }
    }
}
