using System.Diagnostics;

namespace ActorRec.Cli.LoadTest;

/// <summary>
/// The phases of a run in <see cref="Stopwatch"/> ticks: warm-up from <paramref name="Origin"/> to <paramref name="Start"/>,
/// measurement to <paramref name="End"/>, then waiting for late answers until <paramref name="DrainEnd"/>. A click is
/// measured when its intended send time falls in [Start, End), wherever its answer lands.
/// </summary>
internal readonly record struct MeasurementWindow(long Origin, long Start, long End, long DrainEnd)
{
    public static MeasurementWindow From(long origin, LoadTestOptions options, long ticksPerSecond)
    {
        var start = origin + ToTicks(options.WarmupSeconds, ticksPerSecond);
        var end = start + ToTicks(options.DurationSeconds, ticksPerSecond);
        return new MeasurementWindow(origin, start, end, end + ToTicks(options.DrainSeconds, ticksPerSecond));
    }

    public bool Contains(long ticks) => ticks >= Start && ticks < End;

    private static long ToTicks(double seconds, long ticksPerSecond) => (long)Math.Round(seconds * ticksPerSecond);
}
