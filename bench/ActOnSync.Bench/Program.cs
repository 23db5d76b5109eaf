using ActOnSync.Bench;

// Benchmarks of ActOnSync; see docs/benchmarks.md for the commands and the results.
var command = args.FirstOrDefault() ?? "";
int Option(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
bool Flag(string name) => args.Contains(name);

switch (command)
{
    case "sync":
        await SyncBenchmark.RunAsync(Option("--jobs", 10_000), TimeSpan.FromMilliseconds(Option("--delay-ms", 20)), Option("--concurrency", 4));
        return 0;
    case "hubspot":
        await HubSpotBenchmark.RunAsync(Option("--jobs", 10_000));
        return 0;
    case "ingest":
        return await IngestBenchmark.RunAsync(new LoadShape(Option("--seconds", 20), Option("--connections", 32), Option("--threads", 2)),
            Flag("--duplicates"), Option("--preload", 0), Flag("--no-sync"), Flag("--drain"));
    case "crash":
        return await CrashCheck.RunAsync(Option("--kills", 5), Option("--concurrency", 16), Option("--seed", Random.Shared.Next()));
    case BareKestrel.Command:
        // The ingest benchmark's ceiling, started by it as a process of its own.
        await BareKestrel.RunAsync(args[1..]);
        return 0;
    default:
        Console.Error.WriteLine("usage: ActOnSync.Bench sync [--jobs N] [--delay-ms MS] [--concurrency N] | hubspot [--jobs N]\n" +
                                "     | ingest [--seconds S] [--connections C] [--threads T] [--duplicates] [--preload N] [--no-sync] [--drain]\n" +
                                "     | crash [--kills N] [--concurrency N] [--seed N]");
        return 2;
}
