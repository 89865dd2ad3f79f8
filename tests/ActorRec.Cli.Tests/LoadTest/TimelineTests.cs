using ActorRec.Cli.LoadTest;
using ActorRec.Contracts.V1;
using Xunit;

namespace ActorRec.Cli.Tests.LoadTest;

public sealed class TimelineTests
{
    /// <summary>Ticks are microseconds here, so latencies read directly.</summary>
    private const long TicksPerSecond = 1_000_000;

    private static readonly DateTimeOffset StartedAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Answers_of_every_stream_land_in_the_interval_they_arrived_in_with_their_latency_errors_and_versions()
    {
        var streams = new[] { NewRecorder(), NewRecorder() };

        // Second 0: 100 answers from v1, 1..100 ms. Second 1: nothing. Second 2: 10 answers, half from v2, and an error.
        for (var i = 1; i <= 100; i++)
        {
            streams[i % 2].RecordResponse(new Recommendation { ModelVersion = "v1" }, latencyTicks: i * 1000, receivedTicks: i * 9000, measured: false);
        }

        for (var i = 0; i < 10; i++)
        {
            streams[i % 2].RecordResponse(new Recommendation { ModelVersion = i < 5 ? "v1" : "v2" }, latencyTicks: 2000, receivedTicks: 2_500_000, measured: true);
        }

        streams[1].RecordResponse(new Recommendation { Error = new Error { Code = 8, Message = "overloaded" } }, 0, 2_600_000, measured: true);

        var rows = TimelineWriter.ToCsv([.. streams.Select(s => s.Timeline!)], intervalSeconds: 1, StartedAt)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal(TimelineWriter.Header, rows[0]);
        Assert.Equal(4, rows.Length);
        Assert.Equal("0,2026-01-02T03:04:05.000Z,100,0,50.02,90.05,99.01,100.03,v1", rows[1]);
        Assert.Equal("1,2026-01-02T03:04:06.000Z,0,0,,,,,", rows[2]);
        Assert.Equal("2,2026-01-02T03:04:07.000Z,10,1,2.00,2.00,2.00,2.00,v1 v2", rows[3]);
    }

    private static StreamRecorder NewRecorder() =>
        new(TicksPerSecond) { Timeline = new StreamTimeline(originTicks: 0, ticksPerInterval: TicksPerSecond, microsecondsPerTick: 1) };
}
