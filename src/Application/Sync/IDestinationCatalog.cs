using ActOnSync.Domain.Sync;

namespace ActOnSync.Application.Sync;

/// <summary>The destinations configured under <c>Destinations:&lt;name&gt;</c>.</summary>
public interface IDestinationCatalog
{
    IReadOnlyList<Destination> All { get; }

    Destination? Find(string name);
}

/// <param name="Settings">The non-secret settings shown to operators (secrets are never listed).</param>
public sealed record Destination(
    string Name,
    string Type,
    bool Enabled,
    FieldMapping Mapping,
    int MaxConcurrency,
    ICrmDestination Adapter,
    IReadOnlyDictionary<string, string?> Settings);
