using System.Diagnostics;

namespace ActorRec.Cli.Tests.LoadTest;

/// <summary>
/// A clock that moves by a fixed step each time it is read, so that a time window holds a number of clicks set by
/// the code's own reads, not by how fast this machine happens to be right now.
/// </summary>
internal sealed class SteppingClock(TimeSpan step) : TimeProvider
{
    private readonly long _step = (long)(step.TotalSeconds * Stopwatch.Frequency);
    private long _now;

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override long GetTimestamp() => Interlocked.Add(ref _now, _step);
}
