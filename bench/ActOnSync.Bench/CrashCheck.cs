using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace ActOnSync.Bench;

/// <summary>
/// Issue 5, what a 2xx promises: concurrent signed POSTs of new events while the service is
/// killed (SIGKILL, no graceful stop) at random moments and restarted on the same SQLite file;
/// afterwards every event that got a 2xx must be in the database, under the id its answer
/// named, with its sync jobs. Bounded: a few seconds of load per kill.
/// </summary>
public static class CrashCheck
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(int kills, int concurrency, int seed)
    {
        Console.WriteLine($"crash check: {kills} kills (SIGKILL) at random moments under {concurrency} concurrent signed POSTs of new events, seed {seed}");
        using var scratch = new Scratch();
        var connectionString = scratch.ConnectionString("crash");
        var random = new Random(seed);
        var service = ServiceProcess.Start(connectionString);
        try
        {
            await service.WaitUntilReadyAsync(Ready);
            var destinations = await service.EnabledDestinationsAsync();
            var load = new Load(service.Url);
            var senders = Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => load.SendAsync()));
            var stopwatch = Stopwatch.StartNew();
            for (var kill = 1; kill <= kills; kill++)
            {
                await Task.Delay(random.Next(1000, 4000));
                service.Kill();
                service.Dispose();
                var killedAt = stopwatch.Elapsed;
                var acknowledged = load.Acknowledged.Count;
                service = ServiceProcess.Start(connectionString);
                load.Target = service.Url;
                await service.WaitUntilReadyAsync(Ready);
                Console.WriteLine($"  kill {kill} at {killedAt.TotalSeconds:F1} s, {acknowledged:N0} acknowledged so far; ready again after {(stopwatch.Elapsed - killedAt).TotalSeconds:F1} s");
            }
            // Load on the last process too: it must take writes after the recovery, not only start.
            await Task.Delay(3000);
            load.Stop();
            await senders;

            var check = Acknowledgements.Check(connectionString, load.Acknowledged, destinations);
            var unanswered = check.Rows - (check.Acknowledged - check.Missing);
            Console.WriteLine();
            Console.WriteLine("| acknowledged (2xx) | found | missing | under another id | jobs missing | stored, never answered | no answer (killed, refused) | non-2xx |");
            Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
            Console.WriteLine($"| {check.Acknowledged} | {check.Acknowledged - check.Missing} | {check.Missing} | {check.WrongId} | {check.JobsMissing} | " +
                              $"{unanswered} | {load.Failed} | {(load.Statuses.IsEmpty ? "0" : string.Join(", ", load.Statuses.Select(s => $"{s.Value} × {s.Key}")))} |");
            var passed = check.EveryAcknowledgedStored && check.EveryRowHasItsJobs;
            Console.WriteLine();
            Console.WriteLine($"{(passed ? "PASS" : "FAIL")}: every acknowledged event is stored with its sync jobs ({string.Join(", ", destinations)}) across {kills} kills");
            return passed ? 0 : 1;
        }
        finally
        {
            service.Dispose();
        }
    }

    /// <summary>Senders posting new events to whichever process is current, keeping every 2xx with its event's keys.</summary>
    private sealed class Load(Uri target)
    {
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
        private volatile Uri _target = target;
        private volatile bool _stopped;
        private int _failed;

        /// <summary>The process to send to; a restarted one listens on another port.</summary>
        public Uri Target
        {
            get => _target;
            set => _target = value;
        }

        public ConcurrentQueue<Acknowledged> Acknowledged { get; } = new();

        public ConcurrentDictionary<int, int> Statuses { get; } = new();

        public int Failed => _failed;

        public void Stop() => _stopped = true;

        public async Task SendAsync()
        {
            while (!_stopped)
            {
                var e = WebhookEvents.Next();
                try
                {
                    using var request = WebhookEvents.Sign(e).ToRequest(Target);
                    using var response = await _http.SendAsync(request);
                    if (!response.IsSuccessStatusCode)
                    {
                        Statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                        continue;
                    }
                    using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    Acknowledged.Enqueue(new Acknowledged(answer.RootElement.GetProperty("id").GetGuid(), e.RecId, e.StepId));
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Killed mid-request or not listening yet: no answer, nothing promised.
                    Interlocked.Increment(ref _failed);
                    await Task.Delay(20);
                }
            }
        }
    }
}
