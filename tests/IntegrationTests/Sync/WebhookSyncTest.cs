using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Sync;

/// <summary>The service syncing to <c>hook</c> (Type Webhook), pointed at a scripted target.</summary>
public abstract class WebhookSyncTest() : DestinationSyncTest("hook")
{
    public const string HookSecret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

    protected ScriptedTarget Target { get; set; } = null!;

    public override async Task InitializeAsync() => Target = await ScriptedTarget.StartAsync(HookSecret);

    /// <param name="overrides">Settings on top of the test defaults, e.g. <c>("Sync:MaxAttempts", "3")</c>.</param>
    protected void StartService(params (string Key, string? Value)[] overrides) => StartService(Target.Url, overrides);

    protected void StartService(Uri hookUrl, params (string Key, string? Value)[] overrides) => StartService(Settings(hookUrl), overrides);

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
    protected Task<Guid> SendEventAsync(string recId = "l-0001:1", string stepId = "3", string email = "dana.lee@example.com") =>
        SendAsync(Deliveries.Body(recId: recId, stepId: stepId, email: email));

    protected override ValueTask DisposeFakeAsync() => Target.DisposeAsync();
}
