using System.Diagnostics.Metrics;

namespace ActorRec.Grains.Inference;

/// <summary>The batching engine's instruments on the "ActorRec.Inference" meter.</summary>
internal sealed class InferenceMetrics : IDisposable
{
    private static readonly int[] BatchSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    // Seconds. Without advice the exporter's default buckets start at 5 (made for milliseconds), so every model step,
    // a fraction of a millisecond to tens of milliseconds, would fall into the first one.
    private static readonly double[] BatchDurationBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _requests;

    public InferenceMetrics(IMeterFactory? meterFactory, Func<int> queueDepth)
    {
        // A factory's meters belong to the factory (the host's, under DI); without one this instance owns its meter.
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(BatchingEngine.MeterName) ?? new Meter(BatchingEngine.MeterName);
        _batchSize = _meter.CreateHistogram(
            "actorrec.inference.batch.size",
            unit: "{request}",
            description: "Requests that shared one model step.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchSizeBuckets });
        _batchDuration = _meter.CreateHistogram(
            "actorrec.inference.batch.duration",
            unit: "s",
            description: "Time of one model step, from stacking the states to copying the top-k out.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = BatchDurationBuckets });
        _requests = _meter.CreateCounter<long>(
            "actorrec.inference.requests", unit: "{request}", description: "Inference requests by outcome: ok, rejected, version_mismatch, invalid, error, cancelled.");
        _meter.CreateObservableGauge(
            "actorrec.inference.queue.depth", queueDepth, unit: "{request}", description: "Requests waiting for the inference worker.");
    }

    public void BatchCompleted(int size, TimeSpan duration)
    {
        _batchSize.Record(size);
        _batchDuration.Record(duration.TotalSeconds);
        _requests.Add(size, new KeyValuePair<string, object?>("outcome", "ok"));
    }

    public void RequestsEnded(string outcome, int count = 1) => _requests.Add(count, new KeyValuePair<string, object?>("outcome", outcome));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
