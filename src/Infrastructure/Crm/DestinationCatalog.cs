using ActOnSync.Application.Sync;
using Microsoft.Extensions.Configuration;

namespace ActOnSync.Infrastructure.Crm;

/// <summary>
/// The destinations of <c>Destinations:&lt;name&gt;</c>, built once at start from the registered
/// destination types. Throws <see cref="InvalidConfigurationException"/> listing every bad key.
/// </summary>
public sealed class DestinationCatalog : IDestinationCatalog
{
    public const string Section = "Destinations";

    private readonly Dictionary<string, Destination> _byName;

    public DestinationCatalog(IConfiguration configuration, IEnumerable<ICrmDestinationType> types)
    {
        var typesByName = types.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        var destinations = new List<Destination>();
        foreach (var child in configuration.GetSection(Section).GetChildren())
        {
            var section = new DestinationSection(child);
            var typeName = section.Required("Type", errors, $"one of {string.Join(", ", typesByName.Keys.Order())}");
            if (typeName is null)
                continue;
            if (!typesByName.TryGetValue(typeName, out var type))
            {
                errors.Add($"{section.Key("Type")} '{typeName}' is not a destination type: use one of {string.Join(", ", typesByName.Keys.Order())}.");
                continue;
            }
            var enabled = section.Bool("Enabled", fallback: true, errors);
            var concurrency = section.Int("MaxConcurrency", type.DefaultMaxConcurrency, 1, 256, errors);
            var mapping = FieldMappingSection.Read(section, errors);
            var adapter = type.Create(section, errors);
            if (mapping is not null && adapter is not null)
                destinations.Add(new Destination(section.Name, type.Name, enabled, mapping, concurrency, adapter.Adapter, adapter.Settings));
        }
        if (errors.Count > 0)
            throw new InvalidConfigurationException(errors);
        All = destinations;
        _byName = destinations.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<Destination> All { get; }

    public Destination? Find(string name) => _byName.GetValueOrDefault(name);
}
