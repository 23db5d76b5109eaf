using ActOnSync.Domain.StepExecutions;

namespace ActOnSync.UnitTests.Domain;

public sealed class ActOnTimestampTests
{
    private static readonly DateTimeOffset Expected = new(2025, 12, 4, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Seconds_and_milliseconds_give_the_same_instant()
    {
        Assert.True(ActOnTimestamp.TryFromUnix(1764864000, out var fromSeconds));
        Assert.True(ActOnTimestamp.TryFromUnix(1764864000000, out var fromMilliseconds));

        AssertUtc(Expected, fromSeconds);
        AssertUtc(Expected, fromMilliseconds);
    }

    [Fact]
    public void Fractional_seconds_keep_their_milliseconds()
    {
        Assert.True(ActOnTimestamp.TryFromUnix(1764864000.25, out var utc));

        AssertUtc(Expected.AddMilliseconds(250), utc);
    }

    [Fact]
    public void Threshold_value_is_read_as_milliseconds()
    {
        Assert.True(ActOnTimestamp.TryFromUnix(ActOnTimestamp.MillisecondsThreshold, out var utc));

        AssertUtc(DateTimeOffset.UnixEpoch.AddMilliseconds(ActOnTimestamp.MillisecondsThreshold), utc);
    }

    [Fact]
    public void Zero_is_the_unix_epoch()
    {
        Assert.True(ActOnTimestamp.TryFromUnix(0, out var utc));

        AssertUtc(DateTimeOffset.UnixEpoch, utc);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-1764864000000)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Negative_or_not_a_number_is_rejected(double value) =>
        Assert.False(ActOnTimestamp.TryFromUnix(value, out _));

    [Theory]
    [InlineData(7258118400)]          // 2200-01-01T00:00:00Z in seconds: the bound is exclusive, as for text
    [InlineData(7258118401)]          // 2200-01-01T00:00:01Z in seconds
    [InlineData(99_999_999_999)]      // just under the threshold: seconds, year 5138
    [InlineData(7258118401000)]       // 2200-01-01T00:00:01Z in milliseconds
    [InlineData(1e18)]
    public void Too_far_in_the_future_is_rejected(double value) =>
        Assert.False(ActOnTimestamp.TryFromUnix(value, out _));

    [Theory]
    [InlineData("1764864000")]
    [InlineData("1764864000000")]
    [InlineData("  1764864000 ")]
    [InlineData("1764864000.0")]
    [InlineData("1.764864E9")]
    public void Numeric_strings_are_read_as_seconds_or_milliseconds(string text)
    {
        Assert.True(ActOnTimestamp.TryParse(text, out var utc));

        AssertUtc(Expected, utc);
    }

    [Theory]
    [InlineData("2025-12-04T16:00:00Z")]
    [InlineData("2025-12-04T16:00:00+00:00")]
    [InlineData("2025-12-04T18:00:00+02:00")]
    [InlineData("2025-12-04T11:00:00-05:00")]
    [InlineData("2025-12-04T16:00:00.000Z")]
    public void Iso_8601_with_an_offset_is_converted_to_utc(string text)
    {
        Assert.True(ActOnTimestamp.TryParse(text, out var utc));

        AssertUtc(Expected, utc);
    }

    [Theory]
    [InlineData("2025-12-04T16:00:00")]
    [InlineData("2025-12-04 16:00:00")]
    public void Iso_8601_without_an_offset_is_taken_as_utc(string text)
    {
        Assert.True(ActOnTimestamp.TryParse(text, out var utc));

        AssertUtc(Expected, utc);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("yesterday")]
    [InlineData("not a date")]
    [InlineData("2025-13-45T99:00:00Z")]
    [InlineData("0x1A")]
    [InlineData("-1")]
    [InlineData("-1764864000")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e400")]
    [InlineData("99999999999")]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("2200-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("16:00")]             // a bare time would be completed with today's date
    [InlineData("Dec 4")]
    [InlineData("12/04/2025")]
    public void Garbage_negative_or_out_of_range_text_is_rejected(string text) =>
        Assert.False(ActOnTimestamp.TryParse(text, out _));

    private static void AssertUtc(DateTimeOffset expected, DateTimeOffset actual)
    {
        Assert.Equal(expected, actual);
        Assert.Equal(TimeSpan.Zero, actual.Offset);
    }
}
