using Ardalis.GuardClauses;

namespace ActOnSync.Domain.Sync;

public enum FieldTransform
{
    Trim,
    Lower,
    Upper,
}

/// <summary>
/// How one destination property gets its value: a constant, or an Act-On field (context or contact)
/// through transforms, truncation and a default. A required property that ends up empty stops the sync.
/// </summary>
public sealed record FieldRule
{
    public FieldRule(string target, string? from = null, string? constant = null, string? defaultValue = null,
        IReadOnlyList<FieldTransform>? transforms = null, int? truncate = null, bool required = false)
    {
        Guard.Against.NullOrWhiteSpace(target);
        Guard.Against.InvalidInput(from, nameof(from), f => (f is null) != (constant is null),
            $"Field '{target}' needs exactly one of From or Constant.");
        if (truncate is not null)
            Guard.Against.NegativeOrZero(truncate.Value, nameof(truncate));
        Target = target;
        From = from;
        Constant = constant;
        Default = defaultValue;
        Transforms = transforms ?? [];
        Truncate = truncate;
        Required = required;
    }

    public string Target { get; }
    public string? From { get; }
    public string? Constant { get; }
    public string? Default { get; }
    public IReadOnlyList<FieldTransform> Transforms { get; }
    public int? Truncate { get; }
    public bool Required { get; }

    /// <returns>The value to send, or null when there is none (an empty value is never sent).</returns>
    public string? Apply(Func<string, string?> lookup)
    {
        var value = Constant ?? lookup(From!);
        foreach (var transform in Transforms)
            value = transform switch
            {
                FieldTransform.Trim => value?.Trim(),
                FieldTransform.Lower => value?.ToLowerInvariant(),
                _ => value?.ToUpperInvariant(),
            };
        if (Truncate is { } max && value is not null)
            value = Text.Truncate(value, max);
        return string.IsNullOrEmpty(value) ? NullIfEmpty(Default) : value;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
