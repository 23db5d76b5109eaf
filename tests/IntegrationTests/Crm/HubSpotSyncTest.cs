using System.Net;
using System.Text.Json.Nodes;
using ActOnSync.Fakes.HubSpot;
using ActOnSync.IntegrationTests.Support;
using Dapper;

namespace ActOnSync.IntegrationTests.Crm;

/// <summary>
/// The service syncing to one destination, <c>hubspot</c> (Type HubSpot), pointed at a fake
/// HubSpot, with timings that make retries take milliseconds. The Local destination is disabled.
/// </summary>
public abstract class HubSpotSyncTest : IAsyncLifetime
{
    private ActOnSyncHost? _host;
    private HttpClient? _client;
    private FakeHubSpot? _hubSpot;

    protected FakeHubSpot HubSpot => _hubSpot ?? throw new InvalidOperationException("Call StartAsync first.");

    protected ActOnSyncHost Host => _host ?? throw new InvalidOperationException("Call StartAsync first.");

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Starts the fake HubSpot, then the service pointed at it.</summary>
    /// <param name="overrides">Settings on top of the test defaults, e.g. <c>("Sync:MaxAttempts", "3")</c>.</param>
    protected async Task StartAsync(FakeHubSpotOptions? hubSpot = null, params (string Key, string Value)[] overrides)
    {
        _hubSpot = await FakeHubSpot.StartAsync(hubSpot);
        var settings = new Dictionary<string, string?>(SyncRows.FastSyncSettings())
        {
            ["Destinations:hubspot:Type"] = "HubSpot",
            ["Destinations:hubspot:BaseUrl"] = HubSpot.BaseUrl.AbsoluteUri,
            ["Destinations:hubspot:Token"] = HubSpot.Token,
            ["Destinations:hubspot:UpsertKey"] = "email",
            ["Destinations:hubspot:Fields:email:From"] = "E-mail Address",
            ["Destinations:hubspot:Fields:email:Transforms"] = "trim,lower",
            ["Destinations:hubspot:Fields:firstname:From"] = "First Name",
            ["Destinations:hubspot:Fields:lastname:From"] = "Last Name",
            ["Destinations:hubspot:Fields:company:From"] = "Company",
        };
        foreach (var (key, value) in overrides)
            settings[key] = value;
        _host = new ActOnSyncHost(settings);
        _client = _host.CreateClient();
    }

    /// <param name="contact">Changes to the contact's Act-On fields, e.g. another company.</param>
    /// <returns>The id of the event's job for <c>hubspot</c>.</returns>
    protected async Task<Guid> SendEventAsync(string recId = "l-0001:1", string stepId = "3", string email = "dana.lee@example.com",
        Action<JsonObject>? contact = null)
    {
        var body = JsonNode.Parse(Deliveries.Body(recId: recId, stepId: stepId, email: email))!.AsObject();
        contact?.Invoke(body);
        var response = await _client!.SendAsync(Deliveries.Signed(body.ToJsonString()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var executionId = (await response.JsonAsync()).GetProperty("id").GetString();
        using var db = Host.OpenDatabase();
        return Guid.Parse(db.QuerySingle<string>(
            "SELECT id FROM sync_jobs WHERE step_execution_id = @executionId AND destination = 'hubspot'", new { executionId }));
    }

    /// <summary>
    /// Sends one event per email so that they reach HubSpot in one batch: an opening event's batch
    /// is held at the fake while the others queue behind it (run with MaxConcurrency 1).
    /// </summary>
    /// <returns>The jobs of <paramref name="emails"/>, in order (not the opening one's).</returns>
    protected async Task<IReadOnlyList<Guid>> SendOneBatchAsync(string[] emails, Action<int, JsonObject>? contact = null)
    {
        HubSpot.HoldAnswers();
        await SendEventAsync(recId: "l-0000:1", email: "opener@example.com");
        await Eventually.HoldsAsync(() => HubSpot.Requests > 0, "the opening batch reached HubSpot");
        var jobs = new List<Guid>();
        for (var i = 0; i < emails.Length; i++)
        {
            var index = i;
            jobs.Add(await SendEventAsync(recId: $"l-{i + 1:0000}:1", email: emails[i], contact: c => contact?.Invoke(index, c)));
        }
        // Claims run beside the held batch: released before the last one, the jobs would split over two batches.
        await Eventually.HoldsAsync(() => Host.Count("sync_jobs", "status = 'in_progress'") == emails.Length + 1,
            "every job is claimed behind the opening batch");
        HubSpot.ReleaseAnswers();
        return jobs;
    }

    protected Task WaitForStatusAsync(Guid jobId, string status) =>
        Eventually.HoldsAsync(() => Job(jobId).Status == status, $"job {jobId} is {status}");

    protected Task WaitUntilSettledAsync(int jobs, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(() => Host.Count("sync_jobs", "status IN ('delivered', 'dead_lettered')") == jobs,
            $"all {jobs} jobs are delivered or dead-lettered", timeout);

    protected JobRow Job(Guid jobId) => Host.Job(jobId);

    protected IReadOnlyList<AttemptRow> Attempts(Guid jobId) => Host.Attempts(jobId);

    public async Task DisposeAsync()
    {
        // The service first: its deliveries in flight must not outlive HubSpot.
        _client?.Dispose();
        _host?.Dispose();
        if (_hubSpot is not null)
            await _hubSpot.DisposeAsync();
    }


}
