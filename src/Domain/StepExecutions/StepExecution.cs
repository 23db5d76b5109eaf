using Ardalis.GuardClauses;

namespace ActOnSync.Domain.StepExecutions;

/// <summary>One Act-On contact executing one Outgoing Webhooks step of an Automated Program.</summary>
public sealed class StepExecution
{
    public const int MaxMessageIdLength = 200;

    public StepExecution(
        Guid id,
        string messageId,
        RecId recId,
        StepId stepId,
        ProgramContext context,
        DateTimeOffset? executedAt,
        DateTimeOffset receivedAt,
        string contactFieldsJson,
        ReadOnlyMemory<byte> rawBody)
    {
        Guard.Against.Default(id);
        Guard.Against.NullOrWhiteSpace(messageId);
        Guard.Against.StringTooLong(messageId, MaxMessageIdLength);
        Guard.Against.Default(recId);
        Guard.Against.Default(stepId);
        Guard.Against.Null(context);
        Guard.Against.NullOrWhiteSpace(contactFieldsJson);
        Guard.Against.InvalidInput(rawBody, nameof(rawBody), r => !r.IsEmpty, "The raw body of a step execution cannot be empty.");
        Guard.Against.InvalidInput(receivedAt, nameof(receivedAt), r => r.Offset == TimeSpan.Zero, "receivedAt must be UTC.");

        Id = id;
        MessageId = messageId;
        RecId = recId;
        StepId = stepId;
        Context = context;
        ExecutedAt = executedAt?.ToUniversalTime();
        ReceivedAt = receivedAt;
        ContactFieldsJson = contactFieldsJson;
        RawBody = rawBody;
    }

    public Guid Id { get; }

    /// <summary>The sender's message id (<c>svix-id</c>/<c>webhook-id</c>): the same on every retry.</summary>
    public string MessageId { get; }

    public RecId RecId { get; }

    public StepId StepId { get; }

    public ProgramContext Context { get; }

    /// <summary>When the step executed in Act-On (UTC), if the sender said.</summary>
    public DateTimeOffset? ExecutedAt { get; }

    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The mapped contact fields as a JSON object, keys and values verbatim.</summary>
    public string ContactFieldsJson { get; }

    /// <summary>The request body exactly as received, kept for audit and replay.</summary>
    public ReadOnlyMemory<byte> RawBody { get; }
}
