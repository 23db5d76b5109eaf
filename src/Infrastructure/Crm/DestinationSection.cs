using Microsoft.Extensions.Configuration;

namespace ActOnSync.Infrastructure.Crm;

/// <summary>The configuration of one destination, with readers whose errors name the full key.</summary>
public sealed class DestinationSection(IConfigurationSection section)
{
    public string Name => section.Key;

    public IConfigurationSection Raw => section;

    public string Key(string relative) => ConfigurationPath.Combine(section.Path, relative);

    public string? Optional(string key) => section[key] is { Length: > 0 } value ? value : null;

    public string? Required(string key, ICollection<string> errors, string what)
    {
        var value = Optional(key);
        if (value is null)
            errors.Add($"{Key(key)} is required: {what}.");
        return value;
    }

    /// <summary>An absolute http(s) URL; <paramref name="fallback"/> when the key is absent.</summary>
    public Uri? Url(string key, ICollection<string> errors, string? fallback = null)
    {
        var text = Optional(key) ?? fallback;
        if (text is null)
        {
            errors.Add($"{Key(key)} is required: an absolute http(s) URL.");
            return null;
        }
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return uri;
        errors.Add($"{Key(key)} must be an absolute http(s) URL; got '{text}'.");
        return null;
    }

    public bool Bool(string key, bool fallback, ICollection<string> errors)
    {
        var text = Optional(key);
        if (text is null)
            return fallback;
        if (bool.TryParse(text, out var value))
            return value;
        errors.Add($"{Key(key)} must be true or false; got '{text}'.");
        return fallback;
    }

    public int Int(string key, int fallback, int min, int max, ICollection<string> errors)
    {
        var text = Optional(key);
        if (text is null)
            return fallback;
        if (int.TryParse(text, out var value) && value >= min && value <= max)
            return value;
        errors.Add($"{Key(key)} must be a whole number from {min} to {max}; got '{text}'.");
        return fallback;
    }
}
