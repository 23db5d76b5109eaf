using Ardalis.GuardClauses;

namespace ActOnSync.Domain.Sync;

/// <summary>A destination's mapping: its property rules and the property it upserts by.</summary>
public sealed class FieldMapping
{
    public FieldMapping(IReadOnlyList<FieldRule> rules, string upsertKey)
    {
        Guard.Against.NullOrEmpty(rules);
        Guard.Against.NullOrWhiteSpace(upsertKey);
        Guard.Against.InvalidInput(upsertKey, nameof(upsertKey), k => rules.Any(r => r.Target == k),
            $"The upsert key '{upsertKey}' must be one of the mapped properties.");
        Guard.Against.InvalidInput(rules, nameof(rules), r => r.Select(x => x.Target).Distinct().Count() == r.Count,
            "Each property may be mapped once.");
        Rules = rules;
        UpsertKey = upsertKey;
    }

    public IReadOnlyList<FieldRule> Rules { get; }

    public string UpsertKey { get; }

    /// <summary>Maps one contact; <paramref name="lookup"/> reads an Act-On field by name.</summary>
    /// <returns>The record, or null with <paramref name="error"/> naming the missing property.</returns>
    public MappedRecord? Apply(Func<string, string?> lookup, out string? error)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rule in Rules)
        {
            var value = rule.Apply(lookup);
            if (value is not null)
                fields[rule.Target] = value;
            else if (rule.Required || rule.Target == UpsertKey)
            {
                error = $"The required property '{rule.Target}' is empty" +
                        (rule.From is null ? "." : $": the Act-On field '{rule.From}' is missing or empty.");
                return null;
            }
        }
        error = null;
        return new MappedRecord(fields, UpsertKey, fields[UpsertKey]);
    }
}

/// <summary>A contact as a destination receives it: property → value, plus the key it is upserted by.</summary>
public sealed record MappedRecord(IReadOnlyDictionary<string, string> Fields, string KeyProperty, string KeyValue);
