using ActOnSync.Application.Sync;

namespace ActOnSync.UnitTests.Sync;

public sealed class IngestPressureTests
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_764_864_000));

    private IngestPressure Pressure(int threshold) => new(new SyncOptions { IngestFirstAbovePerSecond = threshold }, _clock);

    [Fact]
    public void High_while_this_second_or_the_last_saw_more_deliveries_than_the_threshold()
    {
        var pressure = Pressure(3);
        for (var i = 0; i < 3; i++)
            pressure.Note();
        Assert.False(pressure.IsHigh);

        pressure.Note();
        Assert.True(pressure.IsHigh);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(pressure.IsHigh); // the last full second was busy
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(pressure.IsHigh);
    }

    [Fact]
    public void A_quiet_gap_forgets_the_old_burst()
    {
        var pressure = Pressure(1);
        pressure.Note();
        pressure.Note();
        _clock.Advance(TimeSpan.FromSeconds(5));
        pressure.Note();

        Assert.False(pressure.IsHigh);
    }

    [Fact]
    public void Zero_turns_it_off()
    {
        var pressure = Pressure(0);
        for (var i = 0; i < 1000; i++)
            pressure.Note();

        Assert.False(pressure.IsHigh);
    }
}
