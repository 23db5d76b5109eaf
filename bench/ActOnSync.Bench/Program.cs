using ActOnSync.Bench;

// Benchmarks of ActOnSync; see docs/benchmarks.md for the commands and the results.
var command = args.FirstOrDefault() ?? "";
int Option(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;

switch (command)
{
    case "sync":
        await SyncBenchmark.RunAsync(Option("--jobs", 10_000), TimeSpan.FromMilliseconds(Option("--delay-ms", 20)), Option("--concurrency", 4));
        return 0;
    case "hubspot":
        await HubSpotBenchmark.RunAsync(Option("--jobs", 10_000));
        return 0;
    default:
        Console.Error.WriteLine("usage: ActOnSync.Bench sync [--jobs N] [--delay-ms MS] [--concurrency N] | hubspot [--jobs N]");
        return 2;
}
