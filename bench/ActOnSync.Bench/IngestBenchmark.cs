namespace ActOnSync.Bench;

/// <summary>A measured wrk run of one target, with what the target's process used meanwhile.</summary>
public sealed record Measured(string Target, WrkResult Wrk, double PeakRssMiB, double CpuMsPerRequest);

/// <summary>
/// Issue 5, ingest throughput: signed webhook deliveries driven by wrk, first into bare Kestrel
/// (the ceiling: HTTP and reading the body, nothing else), then into the service (Release build,
/// SQLite on disk, default configuration), with the same connections and duration. Every 202
/// the service gave is then looked up in its database. Optional runs: duplicates of stored events,
/// and new events into a database already holding N step executions.
/// </summary>
public static class IngestBenchmark
{
    private const int WarmupSeconds = 3;

    /// <summary>Cycled: the ceiling stores nothing, so sending a request again costs it nothing different.</summary>
    private const int CeilingRequests = 50_000;

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(10);

    /// <param name="noSync">Disable the default <c>local</c> destination: ingest without the sync working beside it (not the default: in production it does).</param>
    /// <param name="drain">After the empty database's run, wait for the sync to deliver what the burst left (at most <see cref="DrainTimeout"/>).</param>
    public static async Task<int> RunAsync(LoadShape shape, bool duplicates, int preload, bool noSync, bool drain)
    {
        Console.WriteLine($"ingest benchmark {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {shape.Seconds} s per run after a {WarmupSeconds} s warm-up, " +
                          $"{shape.Connections} connections, {shape.Threads} wrk threads{(noSync ? ", local destination disabled" : "")}; load average {LoadAverage()}");
        var settings = new Dictionary<string, string>();
        if (noSync)
            settings["Destinations__local__Enabled"] = "false";
        using var scratch = new Scratch();
        var runs = new List<Measured>();
        var passed = true;

        Console.WriteLine("bare Kestrel (ceiling):");
        using (var bare = BareKestrel.Start())
        {
            await bare.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            var pool = scratch.Pool("ceiling");
            RequestPool.Write(pool, shape.Threads, CeilingRequests, _ => WebhookEvents.Sign(WebhookEvents.Next()));
            runs.Add(await MeasureAsync("bare Kestrel (ceiling)", bare, shape, pool, pool, cycle: true));
        }
        var ceiling = runs[0].Wrk.RequestsPerSecond;

        Console.WriteLine("service, empty database, new events:");
        IngestOutcome unique;
        using (var session = await IngestSession.StartAsync(scratch, "empty", preload: 0, settings))
        {
            unique = await session.UniqueRunAsync("service, new events", shape, ceiling);
            if (drain && !noSync)
                passed &= await session.DrainAsync(DrainTimeout);
        }
        runs.Add(unique.Measured);
        passed &= unique.Passed;

        // Each run has a service and a database of its own: no sync backlog of a previous run works beside it.
        if (duplicates)
        {
            Console.WriteLine($"service, {IngestSession.DuplicateEvents:N0} stored events, duplicates of them:");
            using var session = await IngestSession.StartAsync(scratch, "duplicates", IngestSession.DuplicateEvents, settings);
            var duplicate = await session.DuplicatesRunAsync("service, duplicates", shape);
            runs.Add(duplicate.Measured);
            passed &= duplicate.Passed;
            Console.WriteLine($"  duplicates vs new events: {Compare(duplicate.Measured, unique.Measured)} (target: at least as fast)");
        }

        if (preload > 0)
        {
            Console.WriteLine($"service, database preloaded with {preload:N0} step executions, new events:");
            using var session = await IngestSession.StartAsync(scratch, "preloaded", preload, settings);
            var large = await session.UniqueRunAsync($"service, new events, {preload:N0} rows preloaded", shape, ceiling);
            runs.Add(large.Measured);
            passed &= large.Passed;
            Console.WriteLine($"  preloaded vs empty database: {Compare(large.Measured, unique.Measured)} (target: within 10 %)");
        }

        Console.WriteLine();
        Console.WriteLine("| target | requests/s | p50 ms | p99 ms | non-2xx | socket errors | peak RSS MiB | CPU ms/request | vs ceiling |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var run in runs)
            Console.WriteLine($"| {run.Target} | {run.Wrk.RequestsPerSecond:F0} | {run.Wrk.P50Us / 1000.0:F2} | {run.Wrk.P99Us / 1000.0:F2} | " +
                              $"{run.Wrk.Non2xx} | {run.Wrk.SocketErrors} | {run.PeakRssMiB:F0} | {run.CpuMsPerRequest:F3} | {run.Wrk.RequestsPerSecond / ceiling:P1} |");
        Console.WriteLine();
        Console.WriteLine($"load average at the end {LoadAverage()}; database checks: {(passed ? "PASS" : "FAIL")}");
        return passed ? 0 : 1;
    }

    /// <summary>A warm-up (JIT, connections; not reported), then the measured run; peak RSS and CPU cover the measured run.</summary>
    public static async Task<Measured> MeasureAsync(string target, ServiceProcess process, LoadShape shape, string warmupPool, string runPool, bool cycle)
    {
        var warmup = await Wrk.RunAsync(process.Url, shape, WarmupSeconds, warmupPool, cycle, warmupPool + "-answers");
        Console.WriteLine($"  warm-up: {warmup.Requests:N0} requests in {WarmupSeconds} s");
        process.ResetPeakRss();
        var cpu = process.CpuTime;
        var result = await Wrk.RunAsync(process.Url, shape, shape.Seconds, runPool, cycle, runPool + "-answers");
        var measured = new Measured(target, result, process.PeakRssMiB, (process.CpuTime - cpu).TotalMilliseconds / result.Requests);
        foreach (var line in result.Output)
            Console.WriteLine($"    wrk: {line}");
        if (result.Exhausted)
            Console.WriteLine("  WARNING: the pool of requests ran out before the end: the rate above is a lower bound.");
        return measured;
    }

    private static string Compare(Measured run, Measured reference) =>
        $"{run.Wrk.RequestsPerSecond:F0} vs {reference.Wrk.RequestsPerSecond:F0} requests/s ({run.Wrk.RequestsPerSecond / reference.Wrk.RequestsPerSecond - 1:+0.0 %;-0.0 %})";

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
