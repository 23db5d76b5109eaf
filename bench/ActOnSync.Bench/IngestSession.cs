using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ActOnSync.Bench;

/// <summary>
/// The service on one database of the ingest benchmark (by default with its default
/// configuration: the <c>local</c> destination syncs what comes in, as in production): runs of
/// new or duplicate events, each checked afterwards against what the database holds.
/// </summary>
public sealed class IngestSession : IDisposable
{
    /// <summary>The destination of the default configuration (src/Api/appsettings.json), for preloaded jobs.</summary>
    private const string DefaultDestination = "local";

    /// <summary>Stored events the duplicates run sends again.</summary>
    public const int DuplicateEvents = 20_000;

    private const int WarmupRequests = 10_000;

    /// <summary>The service cannot outrun bare Kestrel: the ceiling's rate × duration, with a margin for noise, is never used up.</summary>
    private const double PoolMargin = 1.25;

    private readonly Scratch _scratch;
    private readonly string _name;
    private readonly string _connectionString;
    private readonly long _preloaded;
    private readonly IReadOnlyList<string> _destinations;

    private IngestSession(Scratch scratch, string name, string connectionString, long preloaded, ServiceProcess service, IReadOnlyList<string> destinations)
    {
        (_scratch, _name, _connectionString, _preloaded, Service, _destinations) = (scratch, name, connectionString, preloaded, service, destinations);
    }

    public ServiceProcess Service { get; }

    /// <param name="preload">Step executions stored before the service starts, their jobs delivered.</param>
    /// <param name="settings">Configuration over the default one, as environment variables.</param>
    public static async Task<IngestSession> StartAsync(Scratch scratch, string name, int preload, IDictionary<string, string> settings)
    {
        var connectionString = scratch.ConnectionString(name);
        if (preload > 0)
        {
            var stopwatch = Stopwatch.StartNew();
            BenchDatabase.Preload(connectionString, preload, DefaultDestination);
            Console.WriteLine($"  preloaded {preload:N0} step executions with delivered jobs in {stopwatch.Elapsed.TotalSeconds:F1} s " +
                              $"({new FileInfo(new SqliteConnectionStringBuilder(connectionString).DataSource).Length / 1048576.0:N0} MiB)");
        }
        var service = ServiceProcess.Start(connectionString, settings);
        await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return new IngestSession(scratch, name, connectionString, preload, service, await service.EnabledDestinationsAsync());
    }

    /// <summary>New events only, never one sent twice; then every 202 is looked up in the database.</summary>
    public async Task<IngestOutcome> UniqueRunAsync(string target, LoadShape shape, double ceilingRequestsPerSecond)
    {
        var warmup = _scratch.Pool($"{_name}-new-warmup");
        var run = _scratch.Pool($"{_name}-new");
        var count = (long)(ceilingRequestsPerSecond * shape.Seconds * PoolMargin);
        var stopwatch = Stopwatch.StartNew();
        RequestPool.Write(warmup, shape.Threads, WarmupRequests, _ => WebhookEvents.Sign(WebhookEvents.Next()));
        RequestPool.Write(run, shape.Threads, count, _ => WebhookEvents.Sign(WebhookEvents.Next()));
        Console.WriteLine($"  {WarmupRequests + count:N0} new events signed in {stopwatch.Elapsed.TotalSeconds:F1} s " +
                          $"(the run's pool: the ceiling's rate × {shape.Seconds} s × {PoolMargin})");

        var measured = await IngestBenchmark.MeasureAsync(target, Service, shape, warmup, run, cycle: false);
        var jobs = JobsByStatus();
        RequestPool.Delete(run, shape.Threads);
        var answers = Wrk.ReadAnswers(warmup + "-answers", shape.Threads).Concat(Wrk.ReadAnswers(run + "-answers", shape.Threads)).ToList();
        var accepted = answers.Where(a => a.Status == 202).Select(a => new Acknowledged(a.Id)).ToList();
        var duplicates = answers.Count(a => a.Status != 202);
        var check = Acknowledgements.Check(_connectionString, accepted, _destinations);

        // wrk drops the connections it has requests in flight on when it stops: those may be stored, unanswered.
        var unanswered = check.Rows - _preloaded - (check.Acknowledged - check.Missing);
        var inFlightBound = 2 * shape.Connections + measured.Wrk.SocketErrors;
        Console.WriteLine($"  answered 202: {check.Acknowledged:N0} (warm-up included), 200 duplicate: {duplicates:N0}, other (run): {Others(measured.Wrk)}; new rows: {check.Rows - _preloaded:N0}, " +
                          $"of which not answered before wrk stopped: {unanswered:N0} (at most {inFlightBound:N0}: 2 runs × {shape.Connections} connections + socket errors)");
        Console.WriteLine(_destinations.Count == 0
            ? "  no destination enabled: nothing synced during the run"
            : $"  {string.Join(", ", _destinations)} sync during the run: {jobs.GetValueOrDefault("delivered") - _preloaded:N0} of " +
              $"{jobs.Values.Sum() - _preloaded:N0} new jobs delivered, {Pending(jobs):N0} pending at the end");
        var oneRowEach = check.EveryAcknowledgedStored && duplicates == 0 && unanswered >= 0 && unanswered <= inFlightBound;
        var passed = Report("exactly one row per acknowledged request", oneRowEach,
                         $"{check.Missing} missing, {check.AcknowledgedTwice} acknowledged twice, {duplicates} unexpected duplicates, {unanswered} unanswered rows")
                     & ReportJobs(check);
        return new IngestOutcome(measured, passed);
    }

    /// <summary>
    /// Events the database already holds (start the session with a preload of
    /// <see cref="DuplicateEvents"/>: no sync backlog left by an earlier run competes), sent again
    /// with fresh signatures, cycling: half under their message id (Act-On's retry), half under a
    /// new one (the same contact reaching the same step again). Every answer must be 200 and
    /// nothing may be stored.
    /// </summary>
    public async Task<IngestOutcome> DuplicatesRunAsync(string target, LoadShape shape)
    {
        using var db = new SqliteConnection(_connectionString);
        var stored = db.Query<(string MessageId, byte[] Body)>("SELECT message_id, raw_body FROM step_executions ORDER BY random() LIMIT @DuplicateEvents",
            new { DuplicateEvents }).ToList();
        var pool = _scratch.Pool($"{_name}-duplicates");
        RequestPool.Write(pool, shape.Threads, stored.Count, i =>
            WebhookEvents.Sign(i % 2 == 0 ? stored[(int)i].MessageId : $"msg_{Guid.CreateVersion7():N}", stored[(int)i].Body));
        Console.WriteLine($"  {stored.Count:N0} stored events signed again, sent in a cycle");
        var before = Totals(db);

        var measured = await IngestBenchmark.MeasureAsync(target, Service, shape, pool, pool, cycle: true);
        // The warm-up's answers file is the run's, overwritten: the totals below cover both.
        var answers = Wrk.ReadAnswers(pool + "-answers", shape.Threads);
        var accepted = answers.Count(a => a.Status == 202);
        var named = answers.Select(a => a.Id).Distinct().Select(id => new Acknowledged(id)).ToList();
        var check = Acknowledgements.Check(_connectionString, named, _destinations);
        var after = Totals(db);
        Console.WriteLine($"  answered 200: {answers.Count - accepted:N0} (the measured run's), 202: {accepted:N0}, other: {Others(measured.Wrk)}; rows {before.Rows:N0} -> {after.Rows:N0}, jobs {before.Jobs:N0} -> {after.Jobs:N0}");
        var passed = Report("no duplicate stored: no 202, rows and jobs unchanged, every 200 names a stored row",
            accepted == 0 && before == after && check.Missing == 0, $"{accepted} answered 202, {check.Missing} named rows missing");
        return new IngestOutcome(measured, passed);
    }

    /// <summary>
    /// After a run: how long the sync takes to deliver the outbox the burst left, now that nothing
    /// else comes in. Passes when every job is delivered (none dead-lettered) within
    /// <paramref name="timeout"/> and the Local destination holds one activity per step execution.
    /// </summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        var start = JobsByStatus();
        var backlog = Pending(start);
        var stopwatch = Stopwatch.StartNew();
        var jobs = start;
        while (Pending(jobs) > 0 && jobs.GetValueOrDefault("dead_lettered") == 0 && stopwatch.Elapsed < timeout)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            jobs = JobsByStatus();
        }
        var seconds = stopwatch.Elapsed.TotalSeconds;
        using var db = new SqliteConnection(_connectionString);
        var activities = db.ExecuteScalar<long>("SELECT COUNT(*) FROM local_activities");
        var executions = db.ExecuteScalar<long>("SELECT COUNT(*) FROM step_executions") - _preloaded;
        Console.WriteLine($"  drain: {backlog:N0} jobs pending after the run, {backlog - Pending(jobs):N0} delivered in {seconds:F0} s " +
                          $"({(backlog - Pending(jobs)) / seconds:N0} jobs/s), {Pending(jobs):N0} still pending, {jobs.GetValueOrDefault("dead_lettered"):N0} dead-lettered; " +
                          $"local activities {activities:N0} for {executions:N0} new step executions");
        return Report("the outbox drains after the burst: every job delivered, one activity per step execution",
            Pending(jobs) == 0 && jobs.GetValueOrDefault("dead_lettered") == 0 && activities == executions,
            $"{Pending(jobs)} pending after {timeout.TotalSeconds:F0} s, {jobs.GetValueOrDefault("dead_lettered")} dead-lettered, {activities} activities");
    }

    public void Dispose() => Service.Dispose();

    private static long Pending(Dictionary<string, long> jobs) => jobs.GetValueOrDefault("pending") + jobs.GetValueOrDefault("in_progress");

    private Dictionary<string, long> JobsByStatus()
    {
        using var db = new SqliteConnection(_connectionString);
        return db.Query<(string Status, long Count)>("SELECT status, COUNT(*) FROM sync_jobs GROUP BY status").ToDictionary(j => j.Status, j => j.Count);
    }

    private static (long Rows, long Jobs) Totals(SqliteConnection db) =>
        (db.ExecuteScalar<long>("SELECT COUNT(*) FROM step_executions"), db.ExecuteScalar<long>("SELECT COUNT(*) FROM sync_jobs"));

    private bool ReportJobs(AcknowledgementCheck check) =>
        Report($"every stored row has its sync job ({(_destinations.Count == 0 ? "no destination enabled" : string.Join(", ", _destinations))})", check.EveryRowHasItsJobs,
            $"{check.JobsMissing} acknowledged and {check.RowsWithoutJobs} stored rows without their jobs");

    private static string Others(WrkResult run) =>
        run.Non2xx == 0 ? "none" : string.Join(", ", run.Statuses.Where(s => s.Key is < 200 or > 299).Select(s => $"{s.Value:N0} × {s.Key}"));

    private static bool Report(string what, bool passed, string details)
    {
        Console.WriteLine($"  {(passed ? "PASS" : "FAIL")}: {what}{(passed ? "" : $" ({details})")}");
        return passed;
    }
}

/// <summary>A measured run and whether its database checks passed.</summary>
public sealed record IngestOutcome(Measured Measured, bool Passed);
