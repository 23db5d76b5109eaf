using ActOnSync.Fakes.HubSpot;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ActOnSync.Bench;

/// <summary>
/// Issue "CRM adapters", HubSpot: N queued step executions of N contacts, synced by the real
/// service (Release build, SQLite) to a fake HubSpot that enforces the Free/Starter limit of 100
/// calls per rolling 10 s. A batch costs two calls (upsert of up to 100 contacts, then their
/// notes), so the limit alone caps the sync at 500 contacts/s; the target is 450 with under 1%
/// of the calls answered 429.
/// </summary>
public static class HubSpotBenchmark
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public static async Task RunAsync(int executions)
    {
        await using var hubSpot = await FakeHubSpot.StartAsync();
        Console.WriteLine($"hubspot benchmark: {executions} step executions of as many contacts, fake HubSpot allowing 100 calls per 10 s");

        var folder = Directory.CreateTempSubdirectory("actonsync-bench-").FullName;
        try
        {
            var connectionString = $"Data Source={Path.Combine(folder, "bench.db")};Default Timeout=5";
            BenchDatabase.Create(connectionString, executions, "hubspot");

            using var service = new ServiceProcess(new Dictionary<string, string>
            {
                ["ConnectionStrings__ActOnSync"] = connectionString,
                ["Webhooks__SigningSecrets__0"] = Secret,
                ["Admin__ApiKey"] = "benchmark-admin-key-0000",
                ["Sync__PollIntervalSeconds"] = "0.05",
                ["Destinations__local__Enabled"] = "false",
                ["Destinations__hubspot__Type"] = "HubSpot",
                ["Destinations__hubspot__BaseUrl"] = hubSpot.BaseUrl.AbsoluteUri,
                ["Destinations__hubspot__Token"] = hubSpot.Token,
                ["Destinations__hubspot__UpsertKey"] = "email",
                ["Destinations__hubspot__Fields__email__From"] = "E-mail Address",
                ["Destinations__hubspot__Fields__firstname__From"] = "First Name",
                ["Destinations__hubspot__Fields__lastname__From"] = "Last Name",
                ["Destinations__hubspot__Fields__company__From"] = "Company",
            });
            await using var db = new SqliteConnection(connectionString);
            var deadline = DateTime.UtcNow.AddMinutes(15);
            while (await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sync_jobs WHERE status IN ('delivered', 'dead_lettered')") < executions)
            {
                if (service.HasExited || DateTime.UtcNow > deadline)
                    throw new InvalidOperationException("The service stopped or did not settle every job in time; see its log above.");
                await Task.Delay(250);
            }
            var span = await db.QuerySingleAsync<(long First, long Last, long Attempts, long Failed)>("""
                SELECT MIN(attempted_at), MAX(attempted_at + duration_ms), COUNT(*), SUM(outcome <> 'Success') FROM sync_attempts
                """);
            var delivered = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sync_jobs WHERE status = 'delivered'");
            Report(hubSpot, executions, delivered, TimeSpan.FromMilliseconds(span.Last - span.First), span.Attempts, span.Failed);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Report(FakeHubSpot hubSpot, int executions, long delivered, TimeSpan elapsed, long attempts, long failedAttempts)
    {
        var upserts = hubSpot.Log.Where(call => call is { Path: FakeHubSpot.UpsertContactsPath, Status: 200 or 207 }).ToList();
        Console.WriteLine();
        Console.WriteLine("| step executions | delivered | elapsed s | contacts/s | calls | answered 429 | upsert calls | contacts per upsert | contacts in HubSpot | notes |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        Console.WriteLine($"| {executions} | {delivered} | {elapsed.TotalSeconds:F2} | {delivered / elapsed.TotalSeconds:F1} | {hubSpot.Requests} | " +
                          $"{hubSpot.Throttled} ({(double)hubSpot.Throttled / hubSpot.Requests:P2}) | {upserts.Count} | " +
                          $"{(upserts.Count == 0 ? 0 : upserts.Average(call => call.Inputs)):F1} (min {upserts.Select(c => c.Inputs).DefaultIfEmpty().Min()}) | " +
                          $"{hubSpot.Contacts.Count} | {hubSpot.Notes.Count} |");
        Console.WriteLine();
        Console.WriteLine($"attempts {attempts}, failed attempts {failedAttempts}; elapsed = first attempt's start to last attempt's end");
    }
}
