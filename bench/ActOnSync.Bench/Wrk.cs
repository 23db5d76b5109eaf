using System.Diagnostics;
using System.Text.Json;

namespace ActOnSync.Bench;

/// <summary>How hard and how long wrk drives a target.</summary>
public sealed record LoadShape(int Seconds, int Connections, int Threads);

/// <summary>What ingest.lua's done() reports; latencies as wrk prints them (µs).</summary>
/// <param name="Output">wrk's own report, line by line.</param>
public sealed record WrkResult(long Requests, long DurationUs, long P50Us, long P99Us,
    Dictionary<int, long> Statuses, Dictionary<string, long> Errors, bool Exhausted, IReadOnlyList<string> Output)
{
    public double RequestsPerSecond => Requests / (DurationUs / 1e6);

    public long Non2xx => Statuses.Where(s => s.Key is < 200 or > 299).Sum(s => s.Value);

    /// <summary>Connection, read, write errors and timeouts: requests that got no answer at all.</summary>
    public long SocketErrors => Errors["connect"] + Errors["read"] + Errors["write"] + Errors["timeout"];
}

/// <summary>One 2xx answer: its status and the step execution id it names.</summary>
public readonly record struct Answer(int Status, Guid Id);

/// <summary>Runs the installed <c>wrk</c> with ingest.lua over a <see cref="RequestPool"/>.</summary>
public static class Wrk
{
    private static readonly string Script = Path.Combine(Repository.Root, "bench", "ActOnSync.Bench", "ingest.lua");

    /// <param name="cycle">Start each thread's slice over when it runs out (duplicates); otherwise the thread stops.</param>
    /// <param name="answers">Prefix of the files the 2xx answers are written to (see <see cref="ReadAnswers"/>).</param>
    public static async Task<WrkResult> RunAsync(Uri target, LoadShape shape, int seconds, string pool, bool cycle, string answers)
    {
        var start = new ProcessStartInfo("wrk",
        [
            $"-t{shape.Threads}", $"-c{shape.Connections}", $"-d{seconds}s", "--latency",
            // A slow answer is still an answer: counted in the latency, not dropped as a timeout after wrk's default 2 s.
            "--timeout", "10s",
            "-s", Script, new Uri(target, WebhookEvents.Path).AbsoluteUri,
            "--", pool, cycle ? "cycle" : "once", answers,
        ])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (is it installed?).");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        const string marker = "ingest-result ";
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var json = lines.FirstOrDefault(l => l.StartsWith(marker, StringComparison.Ordinal))?[marker.Length..];
        if (wrk.ExitCode != 0 || json is null)
            throw new InvalidOperationException($"wrk failed (exit code {wrk.ExitCode}): {output}");

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new WrkResult(
            root.GetProperty("requests").GetInt64(), root.GetProperty("durationUs").GetInt64(),
            root.GetProperty("p50Us").GetInt64(), root.GetProperty("p99Us").GetInt64(),
            root.GetProperty("statuses").EnumerateObject().ToDictionary(p => int.Parse(p.Name), p => p.Value.GetInt64()),
            root.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()),
            root.GetProperty("exhausted").GetBoolean(),
            lines.Where(l => !l.StartsWith(marker, StringComparison.Ordinal)).ToList());
    }

    /// <summary>The 2xx answers ingest.lua wrote, every thread's file; lines without an id (the health probe of a stopping thread) are left out.</summary>
    public static List<Answer> ReadAnswers(string answers, int threads)
    {
        var list = new List<Answer>();
        for (var thread = 0; thread < threads; thread++)
            foreach (var line in File.ReadLines($"{answers}-{thread}.txt"))
            {
                var space = line.IndexOf(' ');
                if (space < 0 || !line.AsSpan(space + 1).StartsWith("{"))
                    continue;
                using var body = JsonDocument.Parse(line.AsMemory(space + 1));
                if (body.RootElement.TryGetProperty("id", out var id))
                    list.Add(new Answer(int.Parse(line.AsSpan(0, space)), id.GetGuid()));
            }
        return list;
    }
}
