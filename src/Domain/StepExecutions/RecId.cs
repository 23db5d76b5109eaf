using Ardalis.GuardClauses;

namespace ActOnSync.Domain.StepExecutions;

/// <summary>Act-On's contact record id (e.g. <c>l-0001:1</c>).</summary>
public readonly record struct RecId
{
    public const int MaxLength = 200;

    public RecId(string value)
    {
        Guard.Against.NullOrWhiteSpace(value, nameof(RecId));
        Guard.Against.StringTooLong(value, MaxLength, nameof(RecId));
        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value;
}
