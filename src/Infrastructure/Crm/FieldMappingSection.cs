using ActOnSync.Domain.Sync;

namespace ActOnSync.Infrastructure.Crm;

/// <summary>
/// Reads <c>Destinations:&lt;name&gt;:UpsertKey</c> and <c>:Fields:&lt;property&gt;</c>
/// (<c>From</c> or <c>Constant</c>, <c>Transforms</c>, <c>Truncate</c>, <c>Default</c>, <c>Required</c>).
/// </summary>
public static class FieldMappingSection
{
    public static FieldMapping? Read(DestinationSection destination, ICollection<string> errors)
    {
        var fields = destination.Raw.GetSection("Fields").GetChildren().ToList();
        if (fields.Count == 0)
        {
            errors.Add($"{destination.Key("Fields")} is empty: map at least the upsert key, e.g. Fields:email:From = \"E-mail Address\".");
            return null;
        }
        var before = errors.Count;
        var rules = fields.Select(f => ReadRule(destination, f.Key, errors)).OfType<FieldRule>().ToList();
        var upsertKey = destination.Required("UpsertKey", errors, "the mapped property the destination upserts by (e.g. email)");
        if (upsertKey is not null && rules.All(r => r.Target != upsertKey) && errors.Count == before)
            errors.Add($"{destination.Key("UpsertKey")} names '{upsertKey}', which is not one of the mapped {destination.Key("Fields")}.");
        return errors.Count == before ? new FieldMapping(rules, upsertKey!) : null;
    }

    private static FieldRule? ReadRule(DestinationSection destination, string target, ICollection<string> errors)
    {
        var section = destination.Raw.GetSection("Fields").GetSection(target);
        var key = destination.Key($"Fields:{target}");
        var from = section["From"] is { Length: > 0 } f ? f : null;
        var constant = section["Constant"];
        if ((from is null) == (constant is null))
        {
            errors.Add($"{key} needs exactly one of From (an Act-On field) or Constant.");
            return null;
        }

        var transforms = new List<FieldTransform>();
        var transformSection = section.GetSection("Transforms");
        var names = transformSection.Value is { } single ? single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : transformSection.GetChildren().Select(c => c.Value ?? "").ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            // Enum.TryParse also takes numbers and comma lists ("trim,upper" would mean Upper alone): only one name is a transform.
            if (Enum.TryParse<FieldTransform>(names[i], ignoreCase: true, out var transform)
                && Enum.IsDefined(transform) && !names[i].Contains(',') && !int.TryParse(names[i], out _))
                transforms.Add(transform);
            else
                errors.Add($"{key}:Transforms:{i} '{names[i]}' is not a transform: use trim, lower or upper (and Truncate, Default).");
        }

        int? truncate = null;
        if (section["Truncate"] is { } truncateText)
        {
            if (int.TryParse(truncateText, out var n) && n > 0)
                truncate = n;
            else
                errors.Add($"{key}:Truncate must be a positive whole number; got '{truncateText}'.");
        }

        var required = false;
        if (section["Required"] is { } requiredText && !bool.TryParse(requiredText, out required))
            errors.Add($"{key}:Required must be true or false; got '{requiredText}'.");

        return new FieldRule(target, from, from is null ? constant : null, section["Default"], transforms, truncate, required);
    }
}
