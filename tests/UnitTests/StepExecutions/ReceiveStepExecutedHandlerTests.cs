using System.Text;
using ActOnSync.Application.Quarantine;
using ActOnSync.Application.StepExecutions;
using ActOnSync.Application.StepExecutions.ReceiveStepExecuted;
using ActOnSync.Application.Sync;
using ActOnSync.Domain.StepExecutions;
using ActOnSync.Domain.Sync;
using NSubstitute;

namespace ActOnSync.UnitTests.StepExecutions;

public sealed class ReceiveStepExecutedHandlerTests
{
    private const string MessageId = "msg_2Zx9Kq";
    private static readonly Dictionary<string, string> Headers = new() { ["svix-id"] = "msg_2Zx9Kq", ["content-type"] = "application/json" };
    private const string HeadersJson = """{"svix-id":"msg_2Zx9Kq","content-type":"application/json"}""";
    private static readonly DateTimeOffset Now = new(2025, 12, 4, 16, 0, 7, 123, TimeSpan.Zero);

    private readonly IStepExecutionStore _store = Substitute.For<IStepExecutionStore>();
    private readonly IQuarantineStore _quarantine = Substitute.For<IQuarantineStore>();
    private readonly IDestinationCatalog _destinations = Substitute.For<IDestinationCatalog>();
    private readonly ReceiveStepExecutedHandler _handler;

    public ReceiveStepExecutedHandlerTests()
    {
        _destinations.All.Returns([Destination("crm", enabled: true), Destination("paused", enabled: false), Destination("hook", enabled: true)]);
        _handler = new ReceiveStepExecutedHandler(_store, _quarantine, _destinations, new SyncWakeUp(),
            new IngestPressure(new SyncOptions(), new FixedTimeProvider(Now)), new FixedTimeProvider(Now));
    }

    private static Destination Destination(string name, bool enabled) =>
        new(name, "Local", enabled, new FieldMapping([new FieldRule("email", from: "E-mail Address")], "email"), 1,
            Substitute.For<ICrmDestination>(), new Dictionary<string, string?>());

    private static ReceiveStepExecuted Request(byte[] body) => new(MessageId, body, Headers);

    [Fact]
    public async Task New_event_is_accepted_with_the_store_id()
    {
        var storedId = Guid.NewGuid();
        StepExecution? stored = null;
        _store.TryAddAsync(Arg.Do<StepExecution>(e => stored = e), Arg.Any<IReadOnlyList<SyncJob>>(), Arg.Any<CancellationToken>())
            .Returns(AddResult.New(storedId));
        var body = Encoding.UTF8.GetBytes(StepExecutedPayloadTests.SampleBody);

        var result = await _handler.Handle(Request(body), CancellationToken.None);

        Assert.Equal(ReceiveStatus.Accepted, result.Status);
        Assert.Equal(storedId, result.Id);
        Assert.Null(result.Reason);
        await _store.Received(1).TryAddAsync(Arg.Any<StepExecution>(), Arg.Any<IReadOnlyList<SyncJob>>(), Arg.Any<CancellationToken>());
        await _quarantine.DidNotReceiveWithAnyArgs().AddAsync(default!, default);

        Assert.NotNull(stored);
        Assert.NotEqual(Guid.Empty, stored.Id);
        Assert.Equal(MessageId, stored.MessageId);
        Assert.Equal(new RecId("l-0001:1"), stored.RecId);
        Assert.Equal(new StepId("3"), stored.StepId);
        Assert.Equal(body, stored.RawBody.ToArray());
        Assert.Equal(Now, stored.ReceivedAt);
        Assert.Equal(new DateTimeOffset(2025, 12, 4, 16, 0, 0, TimeSpan.Zero), stored.ExecutedAt);
        Assert.Equal("MQL handoff", stored.Context.ProgramName);
        StepExecutedPayloadTests.AssertJsonEqual("""
            {"E-mail Address": "dana.lee@example.com", "First Name": "Dana", "Last Name": "Lee",
             "Company": "Example Manufacturing", "Job Title": "Director of Operations"}
            """, stored.ContactFieldsJson);
    }

    [Fact]
    public async Task New_event_gets_one_sync_job_per_enabled_destination_in_the_same_store_call()
    {
        IReadOnlyList<SyncJob>? jobs = null;
        StepExecution? stored = null;
        _store.TryAddAsync(Arg.Do<StepExecution>(e => stored = e), Arg.Do<IReadOnlyList<SyncJob>>(j => jobs = j), Arg.Any<CancellationToken>())
            .Returns(AddResult.New(Guid.NewGuid()));

        await _handler.Handle(Request(Encoding.UTF8.GetBytes(StepExecutedPayloadTests.SampleBody)), CancellationToken.None);

        Assert.NotNull(jobs);
        Assert.Equal(["crm", "hook"], jobs.Select(j => j.Destination));
        Assert.All(jobs, j =>
        {
            Assert.Equal(stored!.Id, j.StepExecutionId);
            Assert.Equal("l-0001:1", j.RecId);
            Assert.Equal(Now, j.CreatedAt);
        });
        Assert.Equal(2, jobs.Select(j => j.Id).Distinct().Count());
    }

    [Fact]
    public async Task Cancellation_token_is_passed_to_the_store()
    {
        using var cancellation = new CancellationTokenSource();
        _store.TryAddAsync(Arg.Any<StepExecution>(), Arg.Any<IReadOnlyList<SyncJob>>(), Arg.Any<CancellationToken>()).Returns(AddResult.New(Guid.NewGuid()));

        await _handler.Handle(Request(Encoding.UTF8.GetBytes(StepExecutedPayloadTests.SampleBody)), cancellation.Token);

        await _store.Received(1).TryAddAsync(Arg.Any<StepExecution>(), Arg.Any<IReadOnlyList<SyncJob>>(), cancellation.Token);
    }

    [Fact]
    public async Task Event_the_store_already_has_is_a_duplicate_with_the_existing_id()
    {
        var existingId = Guid.NewGuid();
        _store.TryAddAsync(Arg.Any<StepExecution>(), Arg.Any<IReadOnlyList<SyncJob>>(), Arg.Any<CancellationToken>())
            .Returns(AddResult.Duplicate(existingId));

        var result = await _handler.Handle(Request(Encoding.UTF8.GetBytes(StepExecutedPayloadTests.SampleBody)),
            CancellationToken.None);

        Assert.Equal(ReceiveStatus.Duplicate, result.Status);
        Assert.Equal(existingId, result.Id);
        await _quarantine.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
    }

    [Theory]
    [InlineData("""{"stepId": "3"}""", "recId")]
    [InlineData("""[{"recId": "l-0001:1", "stepId": "3"}]""", "array")]
    [InlineData("""{"recId": "l-0001:1", "stepId": "3", "timestamp": "yesterday"}""", "timestamp")]
    [InlineData("not json", "JSON")]
    public async Task Unusable_body_is_quarantined_and_not_stored(string json, string reasonMentions)
    {
        var quarantineId = Guid.NewGuid();
        QuarantinedDelivery? delivery = null;
        _quarantine.AddAsync(Arg.Do<QuarantinedDelivery>(d => delivery = d), Arg.Any<CancellationToken>())
            .Returns(quarantineId);
        var body = Encoding.UTF8.GetBytes(json);

        var result = await _handler.Handle(Request(body), CancellationToken.None);

        Assert.Equal(ReceiveStatus.Quarantined, result.Status);
        Assert.Equal(quarantineId, result.Id);
        Assert.NotNull(result.Reason);
        Assert.Contains(reasonMentions, result.Reason);

        await _quarantine.Received(1).AddAsync(Arg.Any<QuarantinedDelivery>(), Arg.Any<CancellationToken>());
        await _store.DidNotReceiveWithAnyArgs().TryAddAsync(default!, default!, default);
        Assert.NotNull(delivery);
        Assert.NotEqual(Guid.Empty, delivery.Id);
        Assert.Equal(MessageId, delivery.MessageId);
        Assert.Equal(ReceiveStepExecuted.Endpoint, delivery.Endpoint);
        Assert.Equal(result.Reason, delivery.Reason);
        Assert.Equal(body, delivery.RawBody.ToArray());
        Assert.Equal(HeadersJson, delivery.HeadersJson);
        Assert.Equal(Now, delivery.ReceivedAt);
    }

    [Fact]
    public async Task Body_with_undecodable_text_is_quarantined_not_thrown()
    {
        _quarantine.AddAsync(Arg.Any<QuarantinedDelivery>(), Arg.Any<CancellationToken>()).Returns(Guid.NewGuid());
        byte[] body = [.. "{\"recId\": \""u8, 0xFF, .. "\", \"stepId\": \"3\"}"u8];

        var result = await _handler.Handle(Request(body), CancellationToken.None);

        Assert.Equal(ReceiveStatus.Quarantined, result.Status);
        await _quarantine.Received(1).AddAsync(Arg.Is<QuarantinedDelivery>(d => d.RawBody.ToArray().SequenceEqual(body)),
            Arg.Any<CancellationToken>());
        await _store.DidNotReceiveWithAnyArgs().TryAddAsync(default!, default!, default);
    }
}
