using System.Net;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace ActOnSync.IntegrationTests.Support;

/// <summary>
/// The real service on real Kestrel (127.0.0.1, a port the OS picks) over a real SQLite file in
/// a folder of its own, deleted on dispose.
/// </summary>
public sealed class ActOnSyncHost : WebApplicationFactory<Program>
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string AdminKey = "integration-test-admin-key";
    public const int MaxBodyBytes = 4096;

    private readonly Dictionary<string, string?> _settings;

    public ActOnSyncHost(IDictionary<string, string?>? overrides = null)
    {
        Folder = Directory.CreateTempSubdirectory("actonsync-test-").FullName;
        DatabasePath = Path.Combine(Folder, "actonsync.db");
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:ActOnSync"] = $"Data Source={DatabasePath};Default Timeout=1",
            ["Database:Provider"] = "Sqlite",
            ["Webhooks:SigningSecrets:0"] = Secret,
            ["Webhooks:MaxBodyBytes"] = MaxBodyBytes.ToString(),
            ["Admin:ApiKey"] = AdminKey,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            _settings[key] = value;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
    }

    public string Folder { get; }

    public string DatabasePath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    /// <summary>A direct connection to the service's database file, for asserting what was stored.</summary>
    public SqliteConnection OpenDatabase()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    public long Count(string table, string where = "1=1", object? parameters = null)
    {
        using var connection = OpenDatabase();
        return connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table} WHERE {where}", parameters);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* a file still held open by the OS; the temp folder is cleaned later */ }
    }
}
