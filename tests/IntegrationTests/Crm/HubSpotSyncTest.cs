using System.Text.Json.Nodes;
using ActOnSync.Fakes.HubSpot;
using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Crm;

/// <summary>The service syncing to <c>hubspot</c> (Type HubSpot), pointed at a fake HubSpot.</summary>
public abstract class HubSpotSyncTest() : DestinationSyncTest("hubspot")
{
    private FakeHubSpot? _hubSpot;

    protected FakeHubSpot HubSpot => _hubSpot ?? throw new InvalidOperationException("Call StartAsync first.");

    /// <summary>Starts the fake HubSpot, then the service pointed at it.</summary>
    /// <param name="overrides">Settings on top of the test defaults, e.g. <c>("Sync:MaxAttempts", "3")</c>.</param>
    protected async Task StartAsync(FakeHubSpotOptions? hubSpot = null, params (string Key, string? Value)[] overrides)
    {
        _hubSpot = await FakeHubSpot.StartAsync(hubSpot);
        StartService(new Dictionary<string, string?>(SyncRows.FastSyncSettings())
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
        }, overrides);
    }

    /// <param name="contact">Changes to the contact's Act-On fields, e.g. another company.</param>
    /// <returns>The id of the event's job for <c>hubspot</c>.</returns>
    protected Task<Guid> SendEventAsync(string recId = "l-0001:1", string stepId = "3", string email = "dana.lee@example.com",
        Action<JsonObject>? contact = null)
    {
        var body = JsonNode.Parse(Deliveries.Body(recId: recId, stepId: stepId, email: email))!.AsObject();
        contact?.Invoke(body);
        return SendAsync(body.ToJsonString());
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

    protected Task WaitUntilSettledAsync(int jobs, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(() => Host.Count("sync_jobs", "status IN ('delivered', 'dead_lettered')") == jobs,
            $"all {jobs} jobs are delivered or dead-lettered", timeout);

    protected override async ValueTask DisposeFakeAsync()
    {
        if (_hubSpot is not null)
            await _hubSpot.DisposeAsync();
    }
}
