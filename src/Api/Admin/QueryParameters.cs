using System.Globalization;
using ActOnSync.Application.Common;
using ActOnSync.Application.Sync;
using ActOnSync.Domain.StepExecutions;
using ActOnSync.Domain.Sync;

namespace ActOnSync.Api.Admin;

/// <summary>Parses request values (query string or a command's body), collecting an error per bad parameter for a 400 problem.</summary>
public sealed class QueryParameters
{
    private readonly Dictionary<string, string[]> _errors = new();

    public IReadOnlyDictionary<string, string[]> Errors => _errors;

    public bool IsValid => _errors.Count == 0;

    public int Limit(string? value)
    {
        if (value is null)
            return Page<object>.DefaultLimit;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= Page<object>.MaxLimit)
            return limit;
        _errors["limit"] = [$"limit must be a whole number from 1 to {Page<object>.MaxLimit}."];
        return 0;
    }

    public Guid? Id(string name, string? value)
    {
        if (value is null)
            return null;
        if (Guid.TryParse(value, out var id))
            return id;
        _errors[name] = [$"{name} must be an id as returned by this API (a UUID)."];
        return null;
    }

    public DateTimeOffset? Time(string name, string? value)
    {
        if (value is null)
            return null;
        // The same reading as Act-On's own timestamps: ISO-8601 with a full date, or Unix seconds/milliseconds.
        if (ActOnTimestamp.TryParse(value, out var time))
            return time;
        _errors[name] = [$"{name} must be an ISO-8601 date-time (e.g. 2026-12-04T00:00:00Z) or a Unix time."];
        return null;
    }

    public SyncJobStatus? Status(string? value)
    {
        if (value is null)
            return null;
        if (SyncJobStatuses.TryParse(value, out var status))
            return status;
        _errors["status"] = [$"status must be one of {string.Join(", ", Enum.GetValues<SyncJobStatus>().Select(s => s.ToText()))}."];
        return null;
    }

    /// <returns>The destination's name as configured, which its jobs carry (names match case-insensitively).</returns>
    public string? Destination(string? value, IDestinationCatalog catalog)
    {
        if (value is null)
            return null;
        if (catalog.Find(value) is { } destination)
            return destination.Name;
        _errors["destination"] = [$"destination must be a configured destination: {string.Join(", ", catalog.All.Select(d => d.Name))}."];
        return null;
    }
}
