namespace ActorRec.Cli.LoadTest;

/// <summary>
/// When each click of one open-loop stream is due. The total rate is split evenly over the streams and their schedules
/// are interleaved (stream s sends at (s + n * streams) / rate seconds), so together they send one click every 1 / rate
/// seconds instead of all at once.
/// </summary>
internal readonly struct OpenLoopSchedule
{
    private readonly long _origin;
    private readonly double _offsetTicks;
    private readonly double _intervalTicks;

    public OpenLoopSchedule(long origin, double rate, int streams, int stream, long ticksPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(streams);
        ArgumentOutOfRangeException.ThrowIfNegative(stream);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stream, streams);
        _origin = origin;
        _offsetTicks = stream * (ticksPerSecond / rate);
        _intervalTicks = streams * (ticksPerSecond / rate);
    }

    /// <summary>The tick at which click <paramref name="index"/> (0-based) of this stream is due.</summary>
    public long TicksAt(long index) => _origin + (long)(_offsetTicks + (index * _intervalTicks));

    /// <summary>The first click due at or after <paramref name="ticks"/>; with it a time range maps to a range of clicks.</summary>
    public long FirstIndexAtOrAfter(long ticks)
    {
        if (ticks <= TicksAt(0))
        {
            return 0;
        }

        // The estimate can be one off either way because TicksAt truncates; the loops settle it exactly.
        var index = Math.Max(0, (long)Math.Ceiling((ticks - _origin - _offsetTicks) / _intervalTicks));
        while (index > 0 && TicksAt(index - 1) >= ticks)
        {
            index--;
        }

        while (TicksAt(index) < ticks)
        {
            index++;
        }

        return index;
    }
}
