using System.Data.Common;
using ActOnSync.Application.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ActOnSync.Infrastructure.Persistence.Sqlite;

/// <summary>The embedded default: one database file, one writer at a time.</summary>
public sealed class SqliteDatabase : Database
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;

    // The writers of this process queue at the gate instead of on SQLite's lock: its busy handler
    // polls with sleeps that grow to 100 ms, which a queue of writers turns into second-long
    // waits. The busy handler still arbitrates with other processes.
    private readonly WriteGate _writeGate;

    public SqliteDatabase(IOptions<DatabaseOptions> options, TimeProvider? clock = null) : base(new SqliteDialect())
    {
        _writeGate = new WriteGate(clock ?? TimeProvider.System);
        var builder = new SqliteConnectionStringBuilder(options.Value.ConnectionString)
        {
            // At run time the file must exist: a vanished database is an outage (503), never
            // an empty new file that silently takes writes.
            Mode = SqliteOpenMode.ReadWrite,
        };
        _busyTimeoutMs = builder.DefaultTimeout * 1000;
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
    }

    public string DataSource { get; }

    public override int ConcurrentWriters => 1;

    protected override async ValueTask<IDisposable?> WaitForWriteTurnAsync(bool urgent, CancellationToken cancellationToken) =>
        await _writeGate.EnterAsync(urgent, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> on a connection of its own, outside any transaction, while no
    /// other writer of this process runs: at once if the writer is idle, else only when
    /// <paramref name="wait"/> (as a background writer); null when it did not run.
    /// </summary>
    public async Task<T?> InWriteTurnAsync<T>(Func<SqliteConnection, Task<T>> work, bool wait, CancellationToken cancellationToken)
        where T : struct
    {
        using var turn = _writeGate.TryEnter() ?? (wait ? await _writeGate.EnterAsync(urgent: false, cancellationToken) : null);
        if (turn is null)
            return null;
        await using var connection = (SqliteConnection)await OpenAsync(cancellationToken);
        return await work(connection);
    }

    public string ConnectionString => _connectionString;

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        // A pooled connection keeps writing to a database file that was deleted or moved away
        // (in WAL mode SQLite does not notice): those writes would be acknowledged, then lost.
        if (!File.Exists(DataSource))
        {
            SqliteConnection.ClearAllPools();
            throw new StoreUnavailableException($"The database file '{DataSource}' is missing.");
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // SQLite's own busy handler waits in small steps (the provider's fallback sleeps 150 ms).
            // synchronous stays at the bundled default, FULL: a commit survives power loss, which is
            // what a 2xx to Act-On promises (HealthTests checks it). Checkpoints are left to
            // SqliteCheckpointer, off the commit path.
            using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA wal_autocheckpoint = 0;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // BEGIN IMMEDIATE: take the write lock up front, so a statement never has to upgrade a read lock.
    protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    // The busy handler has already waited busy_timeout: a lock held that long is an outage, not a blip.
    public override bool IsTransient(DbException ex) => false;

    protected override Exception Translate(DbException ex) => ex is SqliteException sqlite ? SqliteFaults.Translate(sqlite) : ex;
}
