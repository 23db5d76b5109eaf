using System.Text.Json.Nodes;
using ActOnSync.Fakes.Dynamics;
using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Crm;

/// <summary>The service syncing to <c>dynamics</c> (Type Dynamics), pointed at a fake Dataverse and its token endpoint.</summary>
public abstract class DynamicsSyncTest() : DestinationSyncTest("dynamics")
{
    protected FakeDataverse Dataverse { get; private set; } = null!;

    public override async Task InitializeAsync() => Dataverse = await FakeDataverse.StartAsync();

    /// <param name="overrides">Settings on top of the test defaults, e.g. <c>("Sync:MaxAttempts", "3")</c>.</param>
    protected void StartService(params (string Key, string? Value)[] overrides) =>
        StartService(new Dictionary<string, string?>(SyncRows.FastSyncSettings())
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
        }, overrides);

    /// <summary>Act-On's step-executed body; <paramref name="without"/> names a contact field left out.</summary>
    protected static string Event(string recId = "l-0001:1", string stepId = "3", string email = "dana.lee@example.com", string? without = null)
    {
        var body = JsonNode.Parse(Deliveries.Body(recId: recId, stepId: stepId, email: email))!.AsObject();
        if (without is not null)
            body.Remove(without);
        return body.ToJsonString();
    }

    protected override ValueTask DisposeFakeAsync() => Dataverse.DisposeAsync();
}
