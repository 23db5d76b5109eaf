namespace ActOnSync.Application.StepExecutions;

/// <summary>A stored step execution as listed; times are kept as Unix milliseconds in every store.</summary>
public class StepExecutionSummary
{
    public string Id { get; init; } = "";
    public string MessageId { get; init; } = "";
    public string RecId { get; init; } = "";
    public string StepId { get; init; } = "";
    public string? ProgramId { get; init; }
    public string? ProgramName { get; init; }
    public string? StepName { get; init; }
    public DateTimeOffset? ExecutedAt => ExecutedAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    public DateTimeOffset ReceivedAt => DateTimeOffset.FromUnixTimeMilliseconds(ReceivedAtMs);

    // Filled by Dapper (protected, so that it also fills derived views); not serialized.
    protected long? ExecutedAtMs { get; init; }
    protected long ReceivedAtMs { get; init; }
}
