using System.Diagnostics;
using ActorRec.Contracts.V1;
using Grpc.Core;
using HdrHistogram;

namespace ActorRec.Cli.LoadTest;

/// <summary>
/// What one stream measured. Only that stream's tasks write to it (in open loop the sender the sent count and send lag,
/// the receiver the rest), so recording takes no locks and allocates nothing; the streams are merged once the run is over.
/// </summary>
internal sealed class StreamRecorder(long ticksPerSecond)
{
    public const long LowestMicroseconds = 1;
    public const long HighestMicroseconds = 60_000_000;
    public const int SignificantDigits = 3;

    private readonly double _microsecondsPerTick = 1_000_000.0 / ticksPerSecond;
    private readonly Dictionary<StatusCode, long> _errors = [];
    private readonly HashSet<string> _modelVersions = new(StringComparer.Ordinal);
    private long _allResponses;

    /// <summary>Latency of the measured answered clicks, in microseconds.</summary>
    public LongHistogram Latency { get; } = new(LowestMicroseconds, HighestMicroseconds, SignificantDigits);

    /// <summary>
    /// Open loop: how late measured clicks were written, from their due time. Timer granularity (about a millisecond) and a
    /// sender held up by the server both show here; the latency, which runs from the due time, includes this lag.
    /// </summary>
    public LongHistogram SendLag { get; } = new(LowestMicroseconds, HighestMicroseconds, SignificantDigits);

    /// <summary>Measured clicks written to the stream.</summary>
    public long Sent { get; private set; }

    /// <summary>Answers to measured clicks, in-band errors included.</summary>
    public long Responses { get; private set; }

    /// <summary>Answers to measured clicks that carried recommendations.</summary>
    public long Ok { get; private set; }

    /// <summary>Measured clicks still unanswered when the drain time ran out or the server ended the stream.</summary>
    public long Unanswered { get; private set; }

    /// <summary>Open loop: measured clicks that were due but not sent by the end of the window (the client fell behind).</summary>
    public long Unsent { get; private set; }

    /// <summary>Streams opened again after a failure.</summary>
    public long Restarts { get; private set; }

    /// <summary>Measured answers flagged unknown_item: the click's item is not in the model's vocabulary.</summary>
    public long UnknownItems { get; private set; }

    public long BatchSizeSum { get; private set; }

    /// <summary>Failed measured clicks by status code: in-band errors and clicks lost with a failed call.</summary>
    public IReadOnlyDictionary<StatusCode, long> Errors => _errors;

    public IReadOnlySet<string> ModelVersions => _modelVersions;

    /// <summary>The model version of the latest measured answer, and when it arrived.</summary>
    public string? LastModelVersion { get; private set; }

    public long LastModelVersionTicks { get; private set; }

    /// <summary>With `--timeline`: every answer (warm-up included) by the interval it arrived in.</summary>
    public StreamTimeline? Timeline { get; init; }

    /// <summary>All answers so far, warm-up included; safe to read from another thread for progress lines.</summary>
    public long AllResponses => Volatile.Read(ref _allResponses);

    public void RecordSent(bool measured)
    {
        if (measured)
        {
            Sent++;
        }
    }

    public void RecordSendLag(long lagTicks) => SendLag.RecordValue(ToMicroseconds(lagTicks));

    /// <param name="response">The answer.</param>
    /// <param name="latencyTicks">From the click's intended send time to the answer's arrival.</param>
    /// <param name="receivedTicks">When the answer arrived.</param>
    /// <param name="measured">Whether the click was due inside the measured window.</param>
    public void RecordResponse(Recommendation response, long latencyTicks, long receivedTicks, bool measured)
    {
        Volatile.Write(ref _allResponses, _allResponses + 1);
        Timeline?.RecordAnswer(receivedTicks, latencyTicks, response.Error is not null, response.ModelVersion);
        if (!measured)
        {
            return;
        }

        Responses++;
        if (response.Error is { } error)
        {
            AddErrors((StatusCode)error.Code, 1);
            return;
        }

        Ok++;
        Latency.RecordValue(ToMicroseconds(latencyTicks));
        BatchSizeSum += response.BatchSize;
        if (response.UnknownItem)
        {
            UnknownItems++;
        }

        // Protobuf hands out a new string per answer; comparing with the last one first keeps hashing off the usual path.
        if (!string.Equals(response.ModelVersion, LastModelVersion, StringComparison.Ordinal))
        {
            _modelVersions.Add(response.ModelVersion);
            LastModelVersion = response.ModelVersion;
        }

        LastModelVersionTicks = receivedTicks;
    }

    /// <summary>Counts measured clicks lost with a call that failed with <paramref name="code"/>.</summary>
    public void RecordFailed(StatusCode code, long clicks)
    {
        if (clicks > 0)
        {
            Timeline?.RecordFailed(Stopwatch.GetTimestamp(), clicks);
            AddErrors(code, clicks);
        }
    }

    public void RecordUnanswered(long clicks) => Unanswered += clicks;

    public void RecordUnsent(long clicks) => Unsent += clicks;

    public void RecordRestart() => Restarts++;

    private long ToMicroseconds(long ticks) => Math.Clamp((long)(ticks * _microsecondsPerTick), LowestMicroseconds, HighestMicroseconds);

    private void AddErrors(StatusCode code, long clicks) =>
        _errors[code] = _errors.GetValueOrDefault(code) + clicks;
}
