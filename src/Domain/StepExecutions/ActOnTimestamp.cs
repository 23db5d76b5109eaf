using System.Globalization;
using System.Text.RegularExpressions;

namespace ActOnSync.Domain.StepExecutions;

/// <summary>
/// Act-On's "Unix timestamp when the step executed". Its docs disagree on the unit, so both
/// seconds and milliseconds are accepted: a value past <see cref="MillisecondsThreshold"/> can
/// only be milliseconds (as seconds it would be after the year 5000).
/// </summary>
public static partial class ActOnTimestamp
{
    public const long MillisecondsThreshold = 100_000_000_000;

    private static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;
    private static readonly DateTimeOffset Latest = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool TryFromUnix(double value, out DateTimeOffset utc)
    {
        utc = default;
        if (double.IsNaN(value) || double.IsInfinity(value) || value < 0)
            return false;
        var milliseconds = value >= MillisecondsThreshold ? value : value * 1000;
        if (milliseconds >= (Latest - Earliest).TotalMilliseconds)
            return false;
        utc = Earliest.AddMilliseconds(Math.Round(milliseconds));
        return true;
    }

    /// <summary>Parses a numeric string (seconds or milliseconds) or an ISO-8601 date-time.</summary>
    public static bool TryParse(string text, out DateTimeOffset utc)
    {
        utc = default;
        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return TryFromUnix(number, out utc);
        // ISO-8601 without an offset is taken as UTC: Act-On works in UTC. A full date is required:
        // a bare time or "Dec 4" would be completed with today's date, different on every retry.
        if (!IsoDate().IsMatch(trimmed) || !DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            return false;
        if (parsed < Earliest || parsed >= Latest)
            return false;
        utc = parsed.ToUniversalTime();
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?:[T ]|$)")]
    private static partial Regex IsoDate();
}
