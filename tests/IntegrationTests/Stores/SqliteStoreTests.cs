namespace ActOnSync.IntegrationTests.Stores;

public sealed class SqliteStoreTests : StoreContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actonsync-store-").FullName;

    protected override Task<(string Provider, string ConnectionString)> CreateDatabaseAsync() =>
        Task.FromResult(("Sqlite", $"Data Source={Path.Combine(_folder, "actonsync.db")}"));

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
