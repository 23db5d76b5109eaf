using System.Data.Common;
using ActOnSync.Application.Common;

namespace ActOnSync.Infrastructure.Persistence;

/// <summary>
/// The configured database: how to connect, which SQL it speaks (<see cref="Sql"/>), which of its
/// faults are worth an immediate retry, and which mean "unavailable, try again later".
/// </summary>
public abstract class Database(SqlDialect sql) : ISqlConnectionFactory
{
    // About 2 s in all: a failover or a dropped pooled connection usually heals within it, and an
    // ingest request still answers well inside Act-On's 15 s.
    private static readonly TimeSpan[] TransientBackoff =
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(1500)];

    public SqlDialect Sql { get; } = sql;

    public string Limit(string countParameter) => Sql.Limit(countParameter);

    /// <summary>
    /// How many transactions of one <see cref="GroupCommit{TWrite,TResult}"/> may run at once: a
    /// server takes several; SQLite has one writer, so more would only wait on its lock.
    /// </summary>
    public virtual int ConcurrentWriters => 4;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await OpenConnectionAsync(cancellationToken);
        }
        catch (DbException ex)
        {
            throw Translate(ex);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction and commits it. A transient fault
    /// rolls the whole transaction back and runs it again after a short backoff, so the work
    /// must give the same result when repeated (the stores' statements are guarded by keys and
    /// lease tokens for that reason).
    /// </summary>
    /// <param name="urgent">A delivery waits for this write's answer (ingest), as opposed to the sync engine's background writes.</param>
    /// <exception cref="StoreUnavailableException">The database stayed unavailable.</exception>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken, bool urgent = false)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var turn = await WaitForWriteTurnAsync(urgent, cancellationToken);
                await using var connection = await OpenConnectionAsync(cancellationToken);
                await using var transaction = await BeginWriteAsync(connection, cancellationToken);
                var result = await work(connection, transaction);
                // Not cancellable: once the commit starts, the caller must learn its outcome.
                await transaction.CommitAsync(CancellationToken.None);
                return result;
            }
            catch (DbException ex) when (attempt < TransientBackoff.Length && (ex is ConcurrentWriteException || IsTransient(ex)))
            {
                await Task.Delay(TransientBackoff[attempt], cancellationToken);
            }
            catch (DbException ex)
            {
                throw Translate(ex);
            }
        }
    }

    /// <summary>Opens a connection ready for use; faults are translated by the caller.</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Held for the whole write transaction; the default lets writers run side by side.</summary>
    protected virtual ValueTask<IDisposable?> WaitForWriteTurnAsync(bool urgent, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IDisposable?>(null);

    protected virtual async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    /// <summary>
    /// A fault that a new attempt of the whole transaction may not meet: connection loss,
    /// failover, deadlock victim, throttling. (A race for a new row lost to another instance is
    /// <see cref="ConcurrentWriteException"/>, also retried.)
    /// </summary>
    public abstract bool IsTransient(DbException ex);

    /// <summary>
    /// The server turned the configured login or database away: not worth an immediate retry, but
    /// an outage all the same until an operator fixes the settings, not a bug of the request.
    /// </summary>
    protected virtual bool RefusesAccess(DbException ex) => false;

    /// <summary>An outage becomes <see cref="StoreUnavailableException"/> (503 and Retry-After); anything else is a bug and stays as it is.</summary>
    protected virtual Exception Translate(DbException ex) =>
        IsTransient(ex) ? new StoreUnavailableException($"The database is unavailable: {ex.Message}", ex)
        : RefusesAccess(ex) ? new StoreUnavailableException($"The database refused access (check ConnectionStrings:ActOnSync): {ex.Message}", ex)
        : ex;
}
