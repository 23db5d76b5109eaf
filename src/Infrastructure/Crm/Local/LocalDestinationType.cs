namespace ActOnSync.Infrastructure.Crm.Local;

/// <summary><c>Type: Local</c>. No settings of its own beyond the mapping.</summary>
public sealed class LocalDestinationType(ILocalLeadStore leads, TimeProvider clock) : ICrmDestinationType
{
    public string Name => "Local";

    // One writer at a time is all SQLite takes anyway.
    public int DefaultMaxConcurrency => 1;

    public ConfiguredAdapter Create(DestinationSection section, ICollection<string> errors) =>
        new(new LocalDestination(section.Name, leads, clock), new Dictionary<string, string?>());
}
