using ActOnSync.Application.Common;
using ActOnSync.Domain.Sync;
using Dapper;
using MediatR;

namespace ActOnSync.Application.Sync.ListDestinations;

/// <summary>The configured destinations: their settings (never secrets), their mapping, and how their jobs stand.</summary>
public sealed record ListDestinations : IRequest<IReadOnlyList<DestinationView>>;

public sealed record DestinationView(
    string Name,
    string Type,
    bool Enabled,
    int MaxConcurrency,
    IReadOnlyDictionary<string, string?> Settings,
    MappingView Mapping,
    DestinationState State);

public sealed record MappingView(string UpsertKey, IReadOnlyList<FieldRuleView> Rules);

public sealed record FieldRuleView(
    string Property,
    string? From,
    string? Constant,
    string? Default,
    IReadOnlyList<string> Transforms,
    int? Truncate,
    bool Required);

/// <param name="Jobs">How many of its jobs are in each status (every status is listed).</param>
/// <param name="PausedUntil">Set while the destination throttles this instance.</param>
public sealed record DestinationState(IReadOnlyDictionary<string, long> Jobs, DateTimeOffset? PausedUntil);

public sealed class ListDestinationsHandler(IDestinationCatalog catalog, DestinationThrottle throttle,
    ISqlConnectionFactory connections, TimeProvider clock)
    : IRequestHandler<ListDestinations, IReadOnlyList<DestinationView>>
{
    private const string CountsSql = "SELECT destination, status, CAST(COUNT(*) AS BIGINT) FROM sync_jobs GROUP BY destination, status";

    public async Task<IReadOnlyList<DestinationView>> Handle(ListDestinations request, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var counts = (await connection.QueryAsync<(string Destination, string Status, long Jobs)>(
                new CommandDefinition(CountsSql, cancellationToken: cancellationToken)))
            .ToDictionary(c => (c.Destination, c.Status), c => c.Jobs);
        var now = clock.GetUtcNow();
        return catalog.All.Select(d => new DestinationView(d.Name, d.Type, d.Enabled, d.MaxConcurrency, d.Settings,
                ViewOf(d.Mapping),
                new DestinationState(
                    Enum.GetValues<SyncJobStatus>().ToDictionary(s => s.ToText(), s => counts.GetValueOrDefault((d.Name, s.ToText()))),
                    throttle.PausedUntil(d.Name, now))))
            .ToList();
    }

    private static MappingView ViewOf(FieldMapping mapping) => new(mapping.UpsertKey, mapping.Rules
        .Select(r => new FieldRuleView(r.Target, r.From, r.Constant, r.Default,
            r.Transforms.Select(t => t.ToString().ToLowerInvariant()).ToList(), r.Truncate, r.Required))
        .ToList());
}
