using ActOnSync.Application.Sync;

namespace ActOnSync.Infrastructure.Crm;

/// <summary>
/// One kind of destination (<c>Destinations:&lt;name&gt;:Type</c>). Each adapter folder has one;
/// Scrutor finds it, so adding a CRM touches no other adapter and no registration list.
/// </summary>
public interface ICrmDestinationType
{
    /// <summary>The value of <c>Type</c> that selects this kind, e.g. <c>Webhook</c>.</summary>
    string Name { get; }

    int DefaultMaxConcurrency { get; }

    /// <summary>Reads the type's own settings; adds an error naming the key for each bad one.</summary>
    /// <returns>The adapter, or null when there were errors.</returns>
    ConfiguredAdapter? Create(DestinationSection section, ICollection<string> errors);
}

/// <param name="Settings">The settings safe to show operators: never a secret.</param>
public sealed record ConfiguredAdapter(ICrmDestination Adapter, IReadOnlyDictionary<string, string?> Settings);
