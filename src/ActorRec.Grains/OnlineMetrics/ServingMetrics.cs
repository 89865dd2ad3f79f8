using System.Diagnostics.Metrics;
using ActorRec.Grains.Serving;

namespace ActorRec.Grains.OnlineMetrics;

/// <summary>
/// The serving instruments on the "ActorRec.Serving" meter: online HitRate@K, MRR@K and events per model version,
/// active session grains, the active model version, and the time a session grain takes to apply a click.
/// </summary>
public sealed class ServingMetrics : IDisposable
{
    /// <summary>Name of the meter with the serving and online accuracy instruments.</summary>
    public const string MeterName = "ActorRec.Serving";

    private const string VersionTag = "model_version";

    // Seconds; a click is a few milliseconds when the silo is healthy, and seconds only when something is wrong.
    private static readonly double[] ClickDurationBuckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly UpDownCounter<long> _activeSessions;
    private readonly Histogram<double> _clickDuration;
    private readonly Counter<long> _clicksByOrigin;
    private long _sessions;
    private long _localClicks;
    private long _remoteClicks;
    private long _gatewayClicks;

    public ServingMetrics(OnlineAccuracyWindow accuracy, ModelHost host, IMeterFactory? meterFactory = null)
        : this(accuracy, () => host.Current?.VersionId, meterFactory)
    {
    }

    internal ServingMetrics(OnlineAccuracyWindow accuracy, Func<string?> activeVersion, IMeterFactory? meterFactory)
    {
        // A factory's meters belong to the factory (the host's, under DI); without one this instance owns its meter.
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _activeSessions = _meter.CreateUpDownCounter<long>("actorrec.sessions.active", unit: "{session}", description: "Session grains active in this silo.");
        _clickDuration = _meter.CreateHistogram(
            "actorrec.session.click.duration",
            unit: "s",
            description: "Time a session grain took to apply a click: inference, click log append and state write.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ClickDurationBuckets });
        _clicksByOrigin = _meter.CreateCounter<long>(
            "actorrec.session.clicks",
            unit: "{click}",
            description: "Clicks that reached a session grain, by where they entered: local (this silo's API), remote (another silo's API: a hop between silos), gateway (the gateway tier), unknown.");
        _meter.CreateObservableGauge(
            "actorrec.online.hit_rate",
            () => accuracy.Snapshot().Select(m => new Measurement<double>(m.HitRate, Version(m.ModelVersion))),
            description: "Online HitRate@K over the window: share of clicks that were among the top K served for the session's previous click, by the model version that served it.");
        _meter.CreateObservableGauge(
            "actorrec.online.mrr",
            () => accuracy.Snapshot().Select(m => new Measurement<double>(m.Mrr, Version(m.ModelVersion))),
            description: "Online MRR@K over the window: mean of 1/rank of the clicked item in the previous answer (0 when not in its top K), by model version.");
        _meter.CreateObservableGauge(
            "actorrec.online.events",
            () => accuracy.Snapshot().Select(m => new Measurement<long>(m.Events, Version(m.ModelVersion))),
            unit: "{click}",
            description: "Clicks over the window that followed an answer of the model version (the events behind the online metrics).");
        _meter.CreateObservableGauge(
            "actorrec.model.active",
            () => activeVersion() is { } version ? [new Measurement<int>(1, Version(version))] : Array.Empty<Measurement<int>>(),
            description: "1, labelled with the model version this silo serves; absent before a model is loaded.");
    }

    /// <summary>Session grains active in this silo now.</summary>
    public long ActiveSessions => Interlocked.Read(ref _sessions);

    public void SessionActivated()
    {
        Interlocked.Increment(ref _sessions);
        _activeSessions.Add(1);
    }

    public void SessionDeactivated()
    {
        Interlocked.Decrement(ref _sessions);
        _activeSessions.Add(-1);
    }

    /// <summary>Clicks that reached this silo's session grains from its own API, another silo's, and the gateway tier.</summary>
    /// <remarks>
    /// The same counts as the "actorrec.session.clicks" instrument, kept here too because a meter listener sees every
    /// meter of that name in the process, which holds several silos in tests.
    /// </remarks>
    public (long Local, long Remote, long Gateway) ClicksByOrigin =>
        (Interlocked.Read(ref _localClicks), Interlocked.Read(ref _remoteClicks), Interlocked.Read(ref _gatewayClicks));

    /// <summary>Counts a click reaching a session grain; <paramref name="origin"/> is local, remote, gateway or unknown.</summary>
    public void ClickReceived(string origin)
    {
        switch (origin)
        {
            case "local":
                Interlocked.Increment(ref _localClicks);
                break;
            case "remote":
                Interlocked.Increment(ref _remoteClicks);
                break;
            case "gateway":
                Interlocked.Increment(ref _gatewayClicks);
                break;
        }

        _clicksByOrigin.Add(1, new KeyValuePair<string, object?>("origin", origin));
    }

    public void ClickApplied(TimeSpan duration) => _clickDuration.Record(duration.TotalSeconds);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static KeyValuePair<string, object?> Version(string version) => new(VersionTag, version);
}
