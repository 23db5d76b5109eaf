using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ActOnSync.Application.Common;

namespace ActOnSync.Bench;

/// <summary>
/// Issue "Sync engine", performance: N queued jobs to a loopback target answering in about
/// <c>delay</c>, through the real service (Release build, SQLite), against a bare loop making
/// the same signed HTTP calls with the same concurrency. The difference is the engine's own cost.
/// </summary>
public static class SyncBenchmark
{

    public static async Task RunAsync(int jobs, TimeSpan delay, int concurrency)
    {
        await using var target = await LoopbackTarget.StartAsync(delay);
        Console.WriteLine($"sync benchmark: {jobs} jobs, target delay {delay.TotalMilliseconds} ms, concurrency {concurrency}");

        var bare = await BareLoopAsync(target.Url, jobs, concurrency);
        var engine = await EngineAsync(target.Url, jobs, concurrency);

        var overhead = engine.Elapsed / bare.Elapsed - 1;
        Console.WriteLine();
        Console.WriteLine("| run | jobs | elapsed s | jobs/s | service CPU ms/job | peak RSS MiB |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        Console.WriteLine($"| bare loop | {jobs} | {bare.Elapsed.TotalSeconds:F2} | {jobs / bare.Elapsed.TotalSeconds:F1} | | |");
        Console.WriteLine($"| engine | {engine.Delivered} | {engine.Elapsed.TotalSeconds:F2} | {engine.Delivered / engine.Elapsed.TotalSeconds:F1} | {engine.CpuTime.TotalMilliseconds / jobs:F3} | {engine.PeakRssMiB:F0} |");
        Console.WriteLine();
        Console.WriteLine($"engine overhead: {overhead:P1} of the bare loop's time " +
                          $"({(engine.Elapsed - bare.Elapsed).TotalMilliseconds / jobs:F3} ms wall per job); attempts {engine.Attempts}, failed attempts {engine.FailedAttempts}");
    }

    private static async Task<(TimeSpan Elapsed, int Failures)> BareLoopAsync(Uri url, int jobs, int concurrency)
    {
        using var http = new HttpClient();
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(SamplePayload()));
        SigningSecret.TryDecode(ServiceProcess.Secret, out var key);
        var failures = 0;
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < jobs)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json");
                var id = $"job_{next}";
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
                request.Headers.Add(StandardWebhooks.IdHeader, id);
                request.Headers.Add(StandardWebhooks.TimestampHeader, timestamp);
                request.Headers.Add(StandardWebhooks.SignatureHeader, StandardWebhooks.FormatSignature(StandardWebhooks.ComputeSignature(key, id, timestamp, body)));
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode)
                    Interlocked.Increment(ref failures);
            }
        }));
        return (stopwatch.Elapsed, failures);
    }

    private sealed record EngineRun(TimeSpan Elapsed, int Delivered, long Attempts, long FailedAttempts, TimeSpan CpuTime, double PeakRssMiB);

    private static async Task<EngineRun> EngineAsync(Uri url, int jobs, int concurrency)
    {
        using var run = new SyncRun(jobs, "hook", new Dictionary<string, string>
        {
            ["Type"] = "Webhook",
            ["Url"] = url.ToString(),
            ["Secret"] = ServiceProcess.Secret,
            ["MaxConcurrency"] = concurrency.ToString(),
            ["UpsertKey"] = "email",
            ["Fields:email:From"] = "E-mail Address",
            ["Fields:firstName:From"] = "First Name",
            ["Fields:lastName:From"] = "Last Name",
            ["Fields:company:From"] = "Company",
        });
        var result = await run.WaitUntilSettledAsync();
        return new EngineRun(result.Elapsed, (int)result.Delivered, result.Attempts, result.FailedAttempts, run.Service.CpuTime, run.Service.PeakRssMiB);
    }

    /// <summary>What the Webhook destination sends for one contact, for a bare call of the same size.</summary>
    private static object SamplePayload() => new
    {
        type = "actonsync.contact.sync",
        jobId = Guid.NewGuid(),
        destination = "hook",
        stepExecutionId = Guid.NewGuid(),
        recId = "l-1:1",
        stepId = "3",
        upsertKey = new { property = "email", value = "contact1@example.com" },
        record = new { email = "contact1@example.com", firstName = "Dana", lastName = "Lee", company = "Example Manufacturing" },
        activity = new
        {
            subject = "Act-On: MQL handoff – Send to CRM",
            description = "Act-On contact l-1:1 reached 'Send to CRM' (step 3) of 'MQL handoff' (program 00-0001).",
            occurredAt = DateTimeOffset.UtcNow,
            programId = "00-0001",
            programName = "MQL handoff",
            stepId = "3",
            stepName = "Send to CRM",
        },
    };
}
