using HdrHistogram;

namespace ActorRec.Cli.LoadTest;

/// <summary>
/// One stream's answers binned by when they arrived, in intervals from the start of the run (warm-up included): how many,
/// how many failed, their latency and which model versions answered. Written by that stream's receiver only.
/// </summary>
internal sealed class StreamTimeline(long originTicks, long ticksPerInterval, double microsecondsPerTick)
{
    private readonly List<Bin> _bins = [];

    public IReadOnlyList<Bin> Bins => _bins;

    public void RecordAnswer(long receivedTicks, long latencyTicks, bool failed, string? modelVersion)
    {
        var bin = At(receivedTicks);
        if (failed)
        {
            bin.Errors++;
            return;
        }

        bin.Ok++;
        bin.Latency.RecordValue(Math.Clamp((long)(latencyTicks * microsecondsPerTick), StreamRecorder.LowestMicroseconds, StreamRecorder.HighestMicroseconds));
        if (modelVersion is not null && !string.Equals(bin.LastVersion, modelVersion, StringComparison.Ordinal))
        {
            bin.Versions.Add(modelVersion);
            bin.LastVersion = modelVersion;
        }
    }

    public void RecordFailed(long atTicks, long clicks) => At(atTicks).Errors += clicks;

    private Bin At(long ticks)
    {
        var index = (int)Math.Max(0, (ticks - originTicks) / ticksPerInterval);
        while (_bins.Count <= index)
        {
            _bins.Add(new Bin());
        }

        return _bins[index];
    }

    /// <summary>One interval of one stream.</summary>
    public sealed class Bin
    {
        public long Ok { get; set; }

        public long Errors { get; set; }

        public LongHistogram Latency { get; } = new(StreamRecorder.LowestMicroseconds, StreamRecorder.HighestMicroseconds, StreamRecorder.SignificantDigits);

        public HashSet<string> Versions { get; } = new(StringComparer.Ordinal);

        public string? LastVersion { get; set; }
    }
}
