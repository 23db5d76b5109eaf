using Ardalis.GuardClauses;

namespace ActOnSync.Domain.StepExecutions;

/// <summary>The id of the Outgoing Webhooks step inside an Automated Program.</summary>
public readonly record struct StepId
{
    public const int MaxLength = 200;

    public StepId(string value)
    {
        Guard.Against.NullOrWhiteSpace(value, nameof(StepId));
        Guard.Against.StringTooLong(value, MaxLength, nameof(StepId));
        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value;
}
