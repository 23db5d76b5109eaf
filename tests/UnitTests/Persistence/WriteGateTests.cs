using ActOnSync.Infrastructure.Persistence.Sqlite;

namespace ActOnSync.UnitTests.Persistence;

/// <summary>SQLite's single writer, taken in turn: deliveries first, the sync not starved.</summary>
public sealed class WriteGateTests
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_764_864_000));

    [Fact]
    public async Task One_writer_at_a_time_and_urgent_writers_go_before_background_ones()
    {
        var gate = new WriteGate(_clock);
        var first = await gate.EnterAsync(urgent: false, CancellationToken.None);
        var background = gate.EnterAsync(urgent: false, CancellationToken.None).AsTask();
        var urgent = gate.EnterAsync(urgent: true, CancellationToken.None).AsTask();

        Assert.False(background.IsCompleted);
        Assert.False(urgent.IsCompleted);
        first.Dispose();
        var second = await urgent.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(background.IsCompleted);
        second.Dispose();
        (await background.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task A_background_writer_that_waited_long_enough_goes_before_newer_urgent_ones()
    {
        var gate = new WriteGate(_clock);
        var first = await gate.EnterAsync(urgent: true, CancellationToken.None);
        var background = gate.EnterAsync(urgent: false, CancellationToken.None).AsTask();
        var urgent = gate.EnterAsync(urgent: true, CancellationToken.None).AsTask();

        _clock.Advance(WriteGate.MaxBackgroundWait);
        first.Dispose();

        var second = await background.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(urgent.IsCompleted);
        second.Dispose();
        (await urgent.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task A_cancelled_waiter_is_skipped_and_a_turn_released_twice_counts_once()
    {
        var gate = new WriteGate(_clock);
        var first = await gate.EnterAsync(urgent: true, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.EnterAsync(urgent: true, cancel.Token).AsTask();
        var next = gate.EnterAsync(urgent: true, CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        first.Dispose();
        first.Dispose();
        var second = await next.WaitAsync(TimeSpan.FromSeconds(5));
        var third = gate.EnterAsync(urgent: false, CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);
        second.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }
}
