using System.Text.Json.Nodes;
using ActOnSync.Fakes.Salesforce;
using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Crm;

/// <summary>The service syncing to <c>salesforce</c> (Type Salesforce), pointed at a fake Salesforce org.</summary>
public abstract class SalesforceSyncTest() : DestinationSyncTest("salesforce")
{
    protected const string ExternalIdField = "ActOn_RecId__c";

    /// <summary>The setting that makes one batch wait for the one before, which <see cref="SendBatchAsync"/> needs.</summary>
    protected static readonly (string, string?) OneBatchAtATime = ("Destinations:salesforce:MaxConcurrency", "1");

    protected FakeSalesforce Salesforce { get; private set; } = null!;

    public override async Task InitializeAsync() => Salesforce = await FakeSalesforce.StartAsync(new FakeSalesforceSettings(ExternalIdField: ExternalIdField));

    /// <param name="overrides">Settings on top of the test defaults; a null value removes the setting.</param>
    protected void StartService(params (string Key, string? Value)[] overrides)
    {
        const string salesforce = "Destinations:salesforce";
        StartService(new Dictionary<string, string?>(SyncRows.FastSyncSettings())
        {
            [$"{salesforce}:Type"] = "Salesforce",
            [$"{salesforce}:BaseUrl"] = Salesforce.BaseUrl.AbsoluteUri,
            [$"{salesforce}:ClientId"] = Salesforce.Settings.ClientId,
            [$"{salesforce}:ClientSecret"] = Salesforce.Settings.ClientSecret,
            [$"{salesforce}:ExternalIdField"] = ExternalIdField,
            [$"{salesforce}:RequestLimitWaitSeconds"] = "1",
            [$"{salesforce}:UpsertKey"] = ExternalIdField,
            [$"{salesforce}:Fields:{ExternalIdField}:From"] = "recId",
            [$"{salesforce}:Fields:FirstName:From"] = "First Name",
            [$"{salesforce}:Fields:LastName:From"] = "Last Name",
            [$"{salesforce}:Fields:Company:From"] = "Company",
            [$"{salesforce}:Fields:Email:From"] = "E-mail Address",
            [$"{salesforce}:Fields:Email:Transforms"] = "trim,lower",
            // Roomy for a loaded test machine: a held first batch (SendBatchAsync) must not time out.
            ["Sync:RequestTimeoutSeconds"] = "10",
            ["Sync:LeaseSeconds"] = "30",
            ["Sync:ShutdownGraceSeconds"] = "1",
        }, overrides);
    }

    /// <param name="company">Empty for a contact without a company (a Lead needs one).</param>
    /// <param name="executedAt">When the step ran (the payload's timestamp).</param>
    /// <returns>The id of the event's job for <c>salesforce</c>.</returns>
    protected Task<Guid> SendEventAsync(string recId = "l-0001:1", string stepId = "3", string email = "dana.lee@example.com",
        string company = "Example Manufacturing", DateTimeOffset? executedAt = null)
    {
        var body = JsonNode.Parse(Deliveries.Body(recId: recId, stepId: stepId, email: email))!.AsObject();
        body["Company"] = company;
        if (executedAt is { } at)
            body["timestamp"] = at.ToUnixTimeMilliseconds();
        return SendAsync(body.ToJsonString());
    }

    /// <summary>
    /// Sends events that reach Salesforce as one batch (the service runs <see cref="OneBatchAtATime"/>):
    /// an opening event (recId <c>l-0000:1</c>) is sent while Salesforce holds its requests, the
    /// others are sent meanwhile, and they are claimed together once the opening one is delivered.
    /// </summary>
    /// <returns>The jobs of <paramref name="sends"/>, in order.</returns>
    protected async Task<Guid[]> SendBatchAsync(params Func<Task<Guid>>[] sends)
    {
        Salesforce.HoldRequests();
        var opening = await SendEventAsync(recId: "l-0000:1", email: "opening@example.com");
        await Eventually.HoldsAsync(() => Salesforce.HeldRequests > 0, "the opening delivery reached Salesforce");
        var jobs = new List<Guid>();
        foreach (var send in sends)
            jobs.Add(await send());
        Salesforce.ReleaseRequests();
        await WaitForStatusAsync(opening, "delivered");
        return [.. jobs];
    }

    protected Task WaitUntilSettledAsync(params Guid[] jobIds) =>
        Eventually.HoldsAsync(() => jobIds.All(id => Job(id).Status is "delivered" or "dead_lettered"), "every job is delivered or dead-lettered");

    /// <summary>The fake's requests as "METHOD path", in the order answered.</summary>
    protected IReadOnlyList<string> Calls() => [.. Salesforce.Requests.Select(r => $"{r.Method} {r.Path}")];

    protected override ValueTask DisposeFakeAsync() => Salesforce.DisposeAsync();
}
