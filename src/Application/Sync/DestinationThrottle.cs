using System.Collections.Concurrent;

namespace ActOnSync.Application.Sync;

/// <summary>
/// Destinations that asked us to slow down: no job of theirs is claimed until the time they gave.
/// Per process; each instance learns it from its own throttled answers.
/// </summary>
public sealed class DestinationThrottle
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);

    public void Pause(string destination, DateTimeOffset until) =>
        _pausedUntil.AddOrUpdate(destination, until, (_, current) => until > current ? until : current);

    public DateTimeOffset? PausedUntil(string destination, DateTimeOffset now) =>
        _pausedUntil.TryGetValue(destination, out var until) && until > now ? until : null;
}
