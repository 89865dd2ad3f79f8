using ActorRec.Cli.LoadTest;
using Xunit;

namespace ActorRec.Cli.Tests.LoadTest;

public sealed class OpenLoopScheduleTests
{
    private const long TicksPerSecond = 1_000_000_000;

    [Fact]
    public void TicksAt_StreamsInterleave_IntoOneEvenlySpacedSchedule()
    {
        const int Streams = 4;
        const long Origin = 123_456;
        var schedules = Enumerable.Range(0, Streams).Select(s => new OpenLoopSchedule(Origin, rate: 1000, Streams, s, TicksPerSecond)).ToArray();

        var merged = schedules.SelectMany(s => Enumerable.Range(0, 250).Select(n => s.TicksAt(n))).Order().ToArray();

        Assert.Equal(1000, merged.Length);
        for (var i = 0; i < merged.Length; i++)
        {
            Assert.Equal(Origin + (i * 1_000_000L), merged[i]);
        }
    }

    [Theory]
    [InlineData(5000.0, 8)]
    [InlineData(333.0, 3)]
    [InlineData(7.5, 16)]
    public void FirstIndexAtOrAfter_TurnsAWindowIntoRateTimesDurationClicks(double rate, int streams)
    {
        const long Start = 5 * TicksPerSecond;
        const long End = 35 * TicksPerSecond;
        var total = 0L;
        for (var s = 0; s < streams; s++)
        {
            var schedule = new OpenLoopSchedule(0, rate, streams, s, TicksPerSecond);
            total += schedule.FirstIndexAtOrAfter(End) - schedule.FirstIndexAtOrAfter(Start);
        }

        Assert.InRange(total, (long)(rate * 30) - 1, (long)(rate * 30) + 1);
    }

    [Fact]
    public void FirstIndexAtOrAfter_IsTheFirstClickDueAtOrAfterTheTime()
    {
        var schedule = new OpenLoopSchedule(1_000, rate: 3000, streams: 7, stream: 5, TicksPerSecond);
        var random = new Random(7);

        for (var i = 0; i < 2_000; i++)
        {
            var ticks = random.NextInt64(0, 10 * TicksPerSecond);

            var index = schedule.FirstIndexAtOrAfter(ticks);

            Assert.True(schedule.TicksAt(index) >= ticks, $"click {index} is due at {schedule.TicksAt(index)}, before {ticks}");
            Assert.True(index == 0 || schedule.TicksAt(index - 1) < ticks, $"click {index - 1} is due at {schedule.TicksAt(index - 1)}, not before {ticks}");
        }
    }

    [Fact]
    public void Constructor_StreamOutsideTheStreams_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenLoopSchedule(0, rate: 100, streams: 2, stream: 2, TicksPerSecond));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenLoopSchedule(0, rate: 0, streams: 2, stream: 0, TicksPerSecond));
    }
}
