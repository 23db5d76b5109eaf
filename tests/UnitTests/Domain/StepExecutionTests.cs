using System.Text;
using ActOnSync.Domain.StepExecutions;

namespace ActOnSync.UnitTests.Domain;

public sealed class StepExecutionTests
{
    private static readonly Guid Id = Guid.Parse("0193a6f0-0000-7000-8000-000000000001");
    private static readonly DateTimeOffset ReceivedAt = new(2025, 12, 4, 16, 0, 5, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"recId":"l-0001:1","stepId":"3"}""");

    private static StepExecution Create(
        Guid? id = null,
        string messageId = "msg_1",
        RecId? recId = null,
        StepId? stepId = null,
        DateTimeOffset? executedAt = null,
        DateTimeOffset? receivedAt = null,
        string contactFieldsJson = "{}",
        byte[]? rawBody = null) =>
        new(id ?? Id, messageId, recId ?? new RecId("l-0001:1"), stepId ?? new StepId("3"), new ProgramContext(),
            executedAt, receivedAt ?? ReceivedAt, contactFieldsJson, rawBody ?? Body);

    [Fact]
    public void Valid_arguments_are_kept()
    {
        var execution = Create(executedAt: new DateTimeOffset(2025, 12, 4, 16, 0, 0, TimeSpan.Zero),
            contactFieldsJson: """{"First Name":"Dana"}""");

        Assert.Equal(Id, execution.Id);
        Assert.Equal("msg_1", execution.MessageId);
        Assert.Equal(new RecId("l-0001:1"), execution.RecId);
        Assert.Equal(new StepId("3"), execution.StepId);
        Assert.Equal(ReceivedAt, execution.ReceivedAt);
        Assert.Equal("""{"First Name":"Dana"}""", execution.ContactFieldsJson);
        Assert.Equal(Body, execution.RawBody.ToArray());
    }

    [Fact]
    public void Empty_id_is_rejected() =>
        Assert.ThrowsAny<ArgumentException>(() => Create(id: Guid.Empty));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_message_id_is_rejected(string messageId) =>
        Assert.ThrowsAny<ArgumentException>(() => Create(messageId: messageId));

    [Fact]
    public void Null_message_id_is_rejected() =>
        Assert.ThrowsAny<ArgumentException>(() => Create(messageId: null!));

    [Fact]
    public void Message_id_longer_than_max_is_rejected() =>
        Assert.ThrowsAny<ArgumentException>(() => Create(messageId: new string('m', StepExecution.MaxMessageIdLength + 1)));

    [Fact]
    public void Default_rec_id_is_rejected() =>
        Assert.ThrowsAny<ArgumentException>(() => Create(recId: default(RecId)));

    [Fact]
    public void Default_step_id_is_rejected() =>
        Assert.ThrowsAny<ArgumentException>(() => Create(stepId: default(StepId)));

    [Fact]
    public void Empty_raw_body_is_rejected() =>
        Assert.ThrowsAny<ArgumentException>(() => Create(rawBody: []));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Blank_contact_fields_json_is_rejected(string json) =>
        Assert.ThrowsAny<ArgumentException>(() => Create(contactFieldsJson: json));

    [Fact]
    public void Non_utc_received_at_is_rejected() =>
        Assert.ThrowsAny<ArgumentException>(() =>
            Create(receivedAt: new DateTimeOffset(2025, 12, 4, 18, 0, 5, TimeSpan.FromHours(2))));

    [Fact]
    public void Executed_at_is_converted_to_utc()
    {
        var execution = Create(executedAt: new DateTimeOffset(2025, 12, 4, 11, 0, 0, TimeSpan.FromHours(-5)));

        Assert.NotNull(execution.ExecutedAt);
        Assert.Equal(TimeSpan.Zero, execution.ExecutedAt.Value.Offset);
        Assert.Equal(new DateTime(2025, 12, 4, 16, 0, 0), execution.ExecutedAt.Value.DateTime);
    }

    [Fact]
    public void Missing_executed_at_stays_null() =>
        Assert.Null(Create(executedAt: null).ExecutedAt);
}
