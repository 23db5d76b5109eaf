using System.Globalization;
using ActOnSync.Application.Common;

namespace ActOnSync.Api.Admin;

/// <summary>Parses query-string values, collecting an error per bad parameter for a 400 problem.</summary>
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
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return time;
        _errors[name] = [$"{name} must be an ISO-8601 date-time, e.g. 2026-12-04T00:00:00Z."];
        return null;
    }
}
