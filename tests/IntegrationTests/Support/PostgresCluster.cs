using System.Diagnostics;
using ActOnSync.Fakes;
using Npgsql;

namespace ActOnSync.IntegrationTests.Support;

/// <summary>
/// A throw-away PostgreSQL cluster for the test run: <c>initdb</c> in a temp folder, started with
/// <c>pg_ctl</c> on a free 127.0.0.1 port, stopped and deleted at the end. Each test takes a
/// database of its own (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    public const string HowToEnable =
        "PostgreSQL tests skipped: no initdb/pg_ctl found. Install PostgreSQL (apt-get install -y postgresql) " +
        "or set ACTONSYNC_PG_BIN to the folder holding initdb and pg_ctl. Under CI=true they run or fail, never skip.";

    private const string Superuser = "postgres";
    private string? _bin;
    private string _folder = "";

    /// <summary>Why the PostgreSQL tests cannot run here; null when they can.</summary>
    public string? SkipReason { get; private set; }

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        if (_bin is null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException("CI=true and no PostgreSQL binaries: " + HowToEnable);
            SkipReason = HowToEnable;
            return;
        }

        _folder = Directory.CreateTempSubdirectory("actonsync-pg-").FullName;
        // initdb refuses to run as root: the cluster then belongs to the postgres account.
        if (Environment.IsPrivilegedProcess)
            await RunAsync("chown", ["-R", Superuser, _folder]);
        Port = Loopback.FreePort();
        var data = Path.Combine(_folder, "data");
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", data, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--no-sync"], asPostgres: true);
        // fsync off: a throw-away cluster; the durability tests run on SQLite files.
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "start"], asPostgres: true);
    }

    public async Task DisposeAsync()
    {
        if (SkipReason is not null || _bin is null)
            return;
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], asPostgres: true);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = Superuser, Database = database }.ToString();

    /// <summary>A new empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private static string? FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("ACTONSYNC_PG_BIN");
        var candidates = !string.IsNullOrEmpty(configured)
            ? [configured]
            : Directory.Exists("/usr/lib/postgresql")
                // The newest installed version first.
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                    .Select(d => Path.Combine(d, "bin"))
                : [];
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
    }


    private static async Task RunAsync(string program, string[] arguments, bool asPostgres = false)
    {
        var start = asPostgres && Environment.IsPrivilegedProcess
            ? new ProcessStartInfo("runuser", ["-u", Superuser, "--", program, .. arguments])
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {await errors}{await output}");
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}
