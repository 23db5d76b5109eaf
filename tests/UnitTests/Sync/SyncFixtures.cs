using ActOnSync.Application.Sync;
using ActOnSync.Domain.StepExecutions;
using ActOnSync.Domain.Sync;
using ActOnSync.Infrastructure.Crm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace ActOnSync.UnitTests.Sync;

/// <summary>Shared builders for the sync tests: a claimed job, a mapping, a destination, configuration.</summary>
internal static class SyncFixtures
{
    public static readonly DateTimeOffset Now = new(2025, 12, 4, 16, 0, 7, TimeSpan.Zero);
    public static readonly DateTimeOffset ExecutedAt = new(2025, 12, 4, 16, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset ReceivedAt = new(2025, 12, 4, 16, 0, 5, TimeSpan.Zero);

    public const string ContactJson = """
        {"E-mail Address": " Dana.Lee@Example.com ", "First Name": "Dana", "Last Name": "Lee", "Company": ""}
        """;

    public static readonly ProgramContext Context = new(
        ProgramId: "p-0042", ProgramName: "MQL handoff", StepName: "Send to CRM", Description: "Hand MQLs to sales",
        ExternalId: "ext-7", CrmLink: "https://crm.example.com/lead/1",
        AutomatedProgramLink: "https://act-on.example.com/ap/p-0042",
        ContactReportLink: "https://act-on.example.com/contact/l-0001:1");

    /// <summary>A freshly claimed job; vary it with <c>with { ... }</c>.</summary>
    public static ClaimedJob Job(string contactJson = ContactJson, string destination = "crm") =>
        new(Guid.NewGuid(), Guid.NewGuid(), destination, Attempts: 0, Failures: 0, Guid.NewGuid(), "l-0001:1", "3",
            Context, ExecutedAt, ReceivedAt, contactJson, ExistingLink: null);

    /// <summary>email (required, trimmed, lower-cased) from "E-mail Address", upserted by; firstName and company optional.</summary>
    public static FieldMapping Mapping() => new(
    [
        new FieldRule("email", from: "E-mail Address", transforms: [FieldTransform.Trim, FieldTransform.Lower], required: true),
        new FieldRule("firstName", from: "First Name"),
        new FieldRule("company", from: "Company"),
    ], "email");

    public static Destination Destination(ICrmDestination adapter, string name = "crm") =>
        new(name, "Fake", Enabled: true, Mapping(), MaxConcurrency: 1, adapter, new Dictionary<string, string?>());

    /// <summary>A lookup over a fixed set of Act-On fields (missing names read as null).</summary>
    public static Func<string, string?> Lookup(params (string Name, string? Value)[] fields) =>
        name => fields.FirstOrDefault(f => f.Name == name).Value;

    public static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();

    /// <summary>The smallest valid <c>Destinations:crm</c> of type Fake, plus <paramref name="extra"/> (null values remove a key).</summary>
    public static IConfiguration DestinationConfig(params (string Key, string? Value)[] extra)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Destinations:crm:Type"] = "Fake",
            ["Destinations:crm:UpsertKey"] = "email",
            ["Destinations:crm:Fields:email:From"] = "E-mail Address",
        };
        foreach (var (key, value) in extra)
            if (value is null) values.Remove(key);
            else values[key] = value;
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}

/// <summary>
/// A destination type for the catalog tests. Its one setting, <c>Url</c>, is optional; a bad one is
/// reported like any adapter's own setting.
/// </summary>
internal sealed class FakeDestinationType(string name = "Fake", int defaultMaxConcurrency = 4) : ICrmDestinationType
{
    public ICrmDestination Adapter { get; } = Substitute.For<ICrmDestination>();

    public string Name => name;

    public int DefaultMaxConcurrency => defaultMaxConcurrency;

    public ConfiguredAdapter? Create(DestinationSection section, ICollection<string> errors)
    {
        var url = section.Url("Url", errors, fallback: "https://crm.example.com/");
        return url is null ? null : new ConfiguredAdapter(Adapter, new Dictionary<string, string?> { ["Url"] = url.ToString() });
    }
}

/// <summary>A <see cref="SyncEngine"/> over a substitute store and adapter, recording what it completes and delivers.</summary>
internal sealed class EngineHarness
{
    public EngineHarness(double requestTimeoutSeconds = 30)
    {
        Options = new SyncOptions { RequestTimeoutSeconds = requestTimeoutSeconds };
        Policy = Options.ToRetryPolicy();
        Destination = SyncFixtures.Destination(Adapter);
        Store.CompleteAsync(Arg.Do<JobCompletion>(Completions.Add), Arg.Any<CancellationToken>()).Returns(true);
        Engine = new SyncEngine(Store, Policy, Throttle, Options, new FixedTimeProvider(SyncFixtures.Now),
            NullLogger<SyncEngine>.Instance);
    }

    public ISyncJobStore Store { get; } = Substitute.For<ISyncJobStore>();
    public ICrmDestination Adapter { get; } = Substitute.For<ICrmDestination>();
    public DestinationThrottle Throttle { get; } = new();
    public SyncOptions Options { get; }
    public RetryPolicy Policy { get; }
    public Destination Destination { get; }
    public SyncEngine Engine { get; }
    public List<JobCompletion> Completions { get; } = [];
    public List<IReadOnlyList<SyncDelivery>> Deliveries { get; } = [];

    /// <summary>The adapter answers these outcomes to its next call, and records the deliveries it got.</summary>
    public void AdapterAnswers(params SyncOutcome[] outcomes) =>
        Adapter.DeliverAsync(Arg.Do<IReadOnlyList<SyncDelivery>>(Deliveries.Add), Arg.Any<CancellationToken>())
            .Returns(outcomes);

    public void AdapterDoes(Func<CancellationToken, Task<IReadOnlyList<SyncOutcome>>> answer) =>
        Adapter.DeliverAsync(Arg.Any<IReadOnlyList<SyncDelivery>>(), Arg.Any<CancellationToken>())
            .Returns(call => answer(call.ArgAt<CancellationToken>(1)));

    public Task RunAsync(params ClaimedJob[] batch) => RunAsync(batch, CancellationToken.None);

    /// <summary>
    /// Delivers a batch and records its answers, as the dispatcher does; a run that never ends (an
    /// adapter nobody stops) fails the test instead of hanging it.
    /// </summary>
    public Task RunAsync(IReadOnlyList<ClaimedJob> batch, CancellationToken stopping) =>
        DeliverAndRecordAsync(batch, stopping).WaitAsync(TimeSpan.FromMinutes(1));

    private async Task DeliverAndRecordAsync(IReadOnlyList<ClaimedJob> batch, CancellationToken stopping) =>
        await Engine.RecordAsync(await Engine.DeliverAsync(Destination, batch, stopping));

    /// <summary>Runs one job and returns its single completion.</summary>
    public async Task<JobCompletion> CompleteOneAsync(ClaimedJob job)
    {
        await RunAsync(job);
        return Assert.Single(Completions);
    }

    public JobCompletion CompletionOf(ClaimedJob job) => Assert.Single(Completions, c => c.Job.JobId == job.JobId);
}
