using System.Net;
using ActOnSync.IntegrationTests.Support;
using Dapper;

namespace ActOnSync.IntegrationTests.Sync;

/// <summary>
/// The service syncing to one destination, <c>hook</c> (Type Webhook), pointed at a scripted
/// target, with timings that make retries take milliseconds. The Local destination is disabled.
/// </summary>
public abstract class WebhookSyncTest : IAsyncLifetime
{
    public const string HookSecret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private ActOnSyncHost? _host;
    private HttpClient? _client;

    protected ScriptedTarget Target { get; set; } = null!;

    protected ActOnSyncHost Host => _host ?? throw new InvalidOperationException("Call StartService first.");

    public async Task InitializeAsync() => Target = await ScriptedTarget.StartAsync(HookSecret);

    /// <param name="overrides">Settings on top of the test defaults, e.g. <c>("Sync:MaxAttempts", "3")</c>.</param>
    protected void StartService(params (string Key, string Value)[] overrides) => StartService(Target.Url, overrides);

    protected void StartService(Uri hookUrl, params (string Key, string Value)[] overrides)
    {
        var settings = Settings(hookUrl);
        foreach (var (key, value) in overrides)
            settings[key] = value;
        _host = new ActOnSyncHost(settings);
        _client = _host.CreateClient();
    }

    /// <summary>The fast sync timings and the <c>hook</c> destination pointed at <paramref name="hookUrl"/>.</summary>
    public static Dictionary<string, string?> Settings(Uri hookUrl) => new(SyncRows.FastSyncSettings())
    {
        ["Destinations:hook:Type"] = "Webhook",
        ["Destinations:hook:Url"] = hookUrl.AbsoluteUri,
        ["Destinations:hook:Secret"] = HookSecret,
        ["Destinations:hook:UpsertKey"] = "email",
        ["Destinations:hook:Fields:email:From"] = "E-mail Address",
        ["Destinations:hook:Fields:email:Transforms"] = "trim,lower",
        ["Destinations:hook:Fields:firstName:From"] = "First Name",
        ["Destinations:hook:Fields:company:From"] = "Company",
    };

    /// <returns>The id of the event's job for <c>hook</c>.</returns>
    protected async Task<Guid> SendEventAsync(string recId = "l-0001:1", string stepId = "3", string email = "dana.lee@example.com")
    {
        var response = await _client!.SendAsync(Deliveries.Signed(Deliveries.Body(recId: recId, stepId: stepId, email: email)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var executionId = (await response.JsonAsync()).GetProperty("id").GetString();
        using var db = Host.OpenDatabase();
        return Guid.Parse(db.QuerySingle<string>(
            "SELECT id FROM sync_jobs WHERE step_execution_id = @executionId AND destination = 'hook'", new { executionId }));
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails after the deadline saying what was awaited.</summary>
    protected static Task WaitUntilAsync(Func<bool> condition, string what) => Eventually.HoldsAsync(condition, what, Deadline);

    protected Task WaitForStatusAsync(Guid jobId, string status) =>
        WaitUntilAsync(() => Job(jobId).Status == status, $"job {jobId} {status} (it is {Job(jobId).Status})");

    protected JobRow Job(Guid jobId) => Host.Job(jobId);

    protected IReadOnlyList<AttemptRow> Attempts(Guid jobId) => Host.Attempts(jobId);

    public async Task DisposeAsync()
    {
        // The service first: its deliveries in flight must not outlive their target.
        _client?.Dispose();
        _host?.Dispose();
        await Target.DisposeAsync();
    }


}
