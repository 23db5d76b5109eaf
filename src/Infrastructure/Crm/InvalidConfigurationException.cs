namespace ActOnSync.Infrastructure.Crm;

/// <summary>The configuration cannot work; each error names the key to fix.</summary>
public sealed class InvalidConfigurationException(IReadOnlyList<string> errors)
    : Exception(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
