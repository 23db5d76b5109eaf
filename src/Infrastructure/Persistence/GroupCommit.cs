using System.Data.Common;
using System.Threading.Channels;
using ActOnSync.Application.Common;

namespace ActOnSync.Infrastructure.Persistence;

/// <summary>
/// Group commit: concurrent writes wait in a queue and are written together, many per
/// transaction, so one commit (one fsync) acknowledges them all. No write waits on a timer: a batch
/// is whatever queued up while the previous commit ran, so an idle service writes a lone request at
/// once. Each caller's task completes only after the commit that holds its write.
/// </summary>
public sealed class GroupCommit<TWrite, TResult> : IAsyncDisposable
{
    private readonly Database _database;
    private readonly Func<DbConnection, DbTransaction, TWrite, Task<TResult>> _writeOne;
    private readonly int _maxBatch;
    private readonly bool _urgent;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly Task[] _writers;

    /// <param name="writeOne">Writes one request inside the given transaction; must give the same result when re-run (see <see cref="Database.WriteAsync{T}"/>).</param>
    /// <param name="urgent">Deliveries wait for these writes (see <see cref="Database.WriteAsync{T}"/>).</param>
    public GroupCommit(Database database, Func<DbConnection, DbTransaction, TWrite, Task<TResult>> writeOne, bool urgent = false, int maxBatch = 128)
    {
        _urgent = urgent;
        _database = database;
        _writeOne = writeOne;
        _maxBatch = maxBatch;
        _writers = Enumerable.Range(0, database.ConcurrentWriters).Select(_ => Task.Run(WriteBatchesAsync)).ToArray();
    }

    public Task<TResult> WriteAsync(TWrite write)
    {
        var pending = new Pending(write);
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(GroupCommit<TWrite, TResult>), "The store is shutting down.");
        return pending.Result.Task;
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task WriteBatchesAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
                batch.Add(pending);
            if (batch.Count > 0)
                await CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        try
        {
            var results = await _database.WriteAsync(async (connection, transaction) =>
            {
                var written = new TResult[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                    written[i] = await _writeOne(connection, transaction, batch[i].Write);
                return written;
            }, CancellationToken.None, _urgent);
            for (var i = 0; i < batch.Count; i++)
                batch[i].Result.TrySetResult(results[i]);
        }
        catch (Exception ex) when (batch.Count > 1 && ex is not StoreUnavailableException)
        {
            // One bad write (a bug, a value the database refuses) must not fail the others with
            // it: each is written alone, and only the bad one gets the error.
            foreach (var pending in batch)
                await CommitAsync([pending]);
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
                pending.Result.TrySetException(ex);
        }
    }

    private sealed class Pending(TWrite write)
    {
        public TWrite Write { get; } = write;

        // Continuations run on the pool, not on the writer loop, which goes straight on to the next batch.
        public TaskCompletionSource<TResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
