using System.Diagnostics.Metrics;

namespace ActorRec.Grains.ClickLog;

/// <summary>The click log's instruments on the "ActorRec.ClickLog" meter, shared by the file and the Redis implementations.</summary>
public sealed class ClickLogMetrics : IDisposable
{
    /// <summary>Name of the meter with the click log's append and commit instruments.</summary>
    public const string MeterName = "ActorRec.ClickLog";

    private static readonly int[] CommitSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _appends;
    private readonly Histogram<int> _commitSize;

    public ClickLogMetrics(IMeterFactory? meterFactory)
    {
        // A factory's meters belong to the factory (the host's, under DI); without one this instance owns its meter.
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _appends = _meter.CreateCounter<long>("actorrec.clicklog.appends", unit: "{click}", description: "Clicks appended to the click log, by outcome: ok or error.");
        _commitSize = _meter.CreateHistogram(
            "actorrec.clicklog.commit.size",
            unit: "{click}",
            description: "Clicks written to the file log by one write (group commit).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = CommitSizeBuckets });
    }

    public void Appended(int count) => _appends.Add(count, new KeyValuePair<string, object?>("outcome", "ok"));

    public void Failed(int count) => _appends.Add(count, new KeyValuePair<string, object?>("outcome", "error"));

    public void Committed(int count) => _commitSize.Record(count);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
