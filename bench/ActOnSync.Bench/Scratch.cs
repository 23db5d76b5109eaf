using Microsoft.Data.Sqlite;

namespace ActOnSync.Bench;

/// <summary>A benchmark's temporary folders, deleted on dispose: databases on disk (fsync is part of what is measured), request pools in memory.</summary>
public sealed class Scratch : IDisposable
{
    public string Databases { get; } = Directory.CreateTempSubdirectory("actonsync-bench-").FullName;

    public string Pools { get; } = RequestPool.CreateFolder();

    public string ConnectionString(string name) => $"Data Source={Path.Combine(Databases, name + ".db")};Default Timeout=5";

    public string Pool(string name) => Path.Combine(Pools, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Databases, recursive: true);
        Directory.Delete(Pools, recursive: true);
    }
}
