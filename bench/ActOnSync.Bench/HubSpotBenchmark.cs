using ActOnSync.Fakes.HubSpot;

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

    public static async Task RunAsync(int executions)
    {
        await using var hubSpot = await FakeHubSpot.StartAsync();
        Console.WriteLine($"hubspot benchmark: {executions} step executions of as many contacts, fake HubSpot allowing 100 calls per 10 s");

        using var run = new SyncRun(executions, "hubspot", new Dictionary<string, string>
        {
            ["Type"] = "HubSpot",
            ["BaseUrl"] = hubSpot.BaseUrl.AbsoluteUri,
            ["Token"] = hubSpot.Token,
            ["UpsertKey"] = "email",
            ["Fields:email:From"] = "E-mail Address",
            ["Fields:firstname:From"] = "First Name",
            ["Fields:lastname:From"] = "Last Name",
            ["Fields:company:From"] = "Company",
        });
        var result = await run.WaitUntilSettledAsync();
        Report(hubSpot, executions, result.Delivered, result.Elapsed, result.Attempts, result.FailedAttempts);
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
