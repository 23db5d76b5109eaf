using System.Net;
using System.Text.Json.Nodes;
using ActOnSync.Fakes.Dynamics;
using ActOnSync.IntegrationTests.Support;
using Dapper;

namespace ActOnSync.IntegrationTests.Crm;

/// <summary>
/// The service syncing to one destination, <c>dynamics</c> (Type Dynamics), pointed at a fake
/// Dataverse and its token endpoint, with timings that make retries take milliseconds. The Local
/// destination is disabled.
/// </summary>
public abstract class DynamicsSyncTest : IAsyncLifetime
{
    protected const string Destination = "dynamics";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private ActOnSyncHost? _host;
    private HttpClient? _client;

    protected FakeDataverse Dataverse { get; private set; } = null!;

    protected ActOnSyncHost Host => _host ?? throw new InvalidOperationException("Call StartService first.");

    public async Task InitializeAsync() => Dataverse = await FakeDataverse.StartAsync();

    /// <param name="overrides">Settings on top of the test defaults, e.g. <c>("Sync:MaxAttempts", "3")</c>.</param>
    protected void StartService(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>(SyncRows.FastSyncSettings())
        {
            [$"Destinations:{Destination}:Type"] = "Dynamics",
            [$"Destinations:{Destination}:BaseUrl"] = Dataverse.BaseUrl,
            [$"Destinations:{Destination}:TokenUrl"] = Dataverse.TokenUrl,
            [$"Destinations:{Destination}:ClientId"] = FakeDataverse.ClientId,
            [$"Destinations:{Destination}:ClientSecret"] = FakeDataverse.ClientSecret,
            [$"Destinations:{Destination}:AlternateKey"] = "emailaddress1",
            [$"Destinations:{Destination}:UpsertKey"] = "emailaddress1",
            [$"Destinations:{Destination}:Fields:emailaddress1:From"] = "E-mail Address",
            [$"Destinations:{Destination}:Fields:emailaddress1:Transforms"] = "trim,lower",
            [$"Destinations:{Destination}:Fields:firstname:From"] = "First Name",
            [$"Destinations:{Destination}:Fields:lastname:From"] = "Last Name",
            [$"Destinations:{Destination}:Fields:companyname:From"] = "Company",
        };
        foreach (var (key, value) in overrides)
            settings[key] = value;
        _host = new ActOnSyncHost(settings);
        _client = _host.CreateClient();
    }

    /// <summary>Act-On's step-executed body; <paramref name="without"/> names a contact field left out.</summary>
    protected static string Event(string recId = "l-0001:1", string stepId = "3", string email = "dana.lee@example.com", string? without = null)
    {
        var body = JsonNode.Parse(Deliveries.Body(recId: recId, stepId: stepId, email: email))!.AsObject();
        if (without is not null)
            body.Remove(without);
        return body.ToJsonString();
    }

    /// <returns>The id of the event's job for <c>dynamics</c>.</returns>
    protected async Task<Guid> SendEventAsync(string body)
    {
        var response = await _client!.SendAsync(Deliveries.Signed(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var executionId = (await response.JsonAsync()).GetProperty("id").GetString();
        using var db = Host.OpenDatabase();
        return Guid.Parse(db.QuerySingle<string>(
            "SELECT id FROM sync_jobs WHERE step_execution_id = @executionId AND destination = @Destination", new { executionId, Destination }));
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails after the deadline saying what was awaited.</summary>
    protected static Task WaitUntilAsync(Func<bool> condition, string what) => Eventually.HoldsAsync(condition, what, Deadline);

    protected Task WaitForStatusAsync(Guid jobId, string status) =>
        WaitUntilAsync(() => Job(jobId).Status == status, $"job {jobId} {status} (it is {Job(jobId).Status})");

    protected JobRow Job(Guid jobId) => Host.Job(jobId);

    protected IReadOnlyList<AttemptRow> Attempts(Guid jobId) => Host.Attempts(jobId);

    public async Task DisposeAsync()
    {
        // The service first: its deliveries in flight must not outlive the fake.
        _client?.Dispose();
        _host?.Dispose();
        await Dataverse.DisposeAsync();
    }


}
