using System.Net;
using Dapper;

namespace ActOnSync.IntegrationTests.Support;

/// <summary>
/// The service syncing to one destination, pointed at a fake of its API (or a scripted target),
/// with timings that make retries take milliseconds (<see cref="SyncRows.FastSyncSettings"/>: the
/// Local destination disabled). What the per-destination test bases share: each starts its fake,
/// then the service with the destination's settings.
/// </summary>
public abstract class DestinationSyncTest(string destination) : IAsyncLifetime
{
    private ActOnSyncHost? _host;
    private HttpClient? _client;

    /// <summary>The destination's name, as in <c>Destinations:&lt;name&gt;:Type</c>.</summary>
    protected string Destination { get; } = destination;

    protected ActOnSyncHost Host => _host ?? throw new InvalidOperationException("Start the service first.");

    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <param name="settings">The fast sync timings and the destination's settings.</param>
    /// <param name="overrides">Settings on top of those, e.g. <c>("Sync:MaxAttempts", "3")</c>; a null value removes the setting.</param>
    protected void StartService(Dictionary<string, string?> settings, IEnumerable<(string Key, string? Value)> overrides)
    {
        foreach (var (key, value) in overrides)
        {
            if (value is null)
                settings.Remove(key);
            else
                settings[key] = value;
        }
        _host = new ActOnSyncHost(settings);
        _client = _host.CreateClient();
    }

    /// <summary>Delivers <paramref name="body"/> signed, as Act-On does; the service must accept it.</summary>
    /// <returns>The id of the event's job for <see cref="Destination"/>.</returns>
    protected async Task<Guid> SendAsync(string body)
    {
        var response = await _client!.SendAsync(Deliveries.Signed(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var executionId = (await response.JsonAsync()).GetProperty("id").GetString();
        using var db = Host.OpenDatabase();
        return Guid.Parse(db.QuerySingle<string>(
            "SELECT id FROM sync_jobs WHERE step_execution_id = @executionId AND destination = @Destination", new { executionId, Destination }));
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails after <see cref="Eventually"/>'s deadline saying what was awaited.</summary>
    protected static Task WaitUntilAsync(Func<bool> condition, string what) => Eventually.HoldsAsync(condition, what);

    protected Task WaitForStatusAsync(Guid jobId, string status) =>
        WaitUntilAsync(() => Job(jobId).Status == status, $"job {jobId} is {status} (it is {Job(jobId).Status})");

    protected JobRow Job(Guid jobId) => Host.Job(jobId);

    protected IReadOnlyList<AttemptRow> Attempts(Guid jobId) => Host.Attempts(jobId);

    public async Task DisposeAsync()
    {
        // The service first: its deliveries in flight must not outlive what they call.
        _client?.Dispose();
        _host?.Dispose();
        await DisposeFakeAsync();
    }

    /// <summary>Stops the fake the destination calls; runs after the service has stopped.</summary>
    protected abstract ValueTask DisposeFakeAsync();
}
