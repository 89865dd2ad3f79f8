using Grpc.Core;
using HdrHistogram;

namespace ActorRec.Cli.LoadTest;

/// <summary>The outcome of a load test run, as printed and as written to JSON.</summary>
internal sealed record LoadTestReport
{
    public required string RunId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required string Url { get; init; }

    public required string Data { get; init; }

    /// <summary>closed or open.</summary>
    public required string Mode { get; init; }

    public required int Streams { get; init; }

    public required int SessionsPerStream { get; init; }

    /// <summary>Open loop: the clicks per second asked for; null in closed loop.</summary>
    public double? TargetRate { get; init; }

    public required double WarmupSeconds { get; init; }

    /// <summary>The measured window's length: the configured duration, or less when the run was cancelled.</summary>
    public required double MeasuredSeconds { get; init; }

    public required int K { get; init; }

    public required bool ExcludeSeen { get; init; }

    /// <summary>Clicks due in the measured window and sent.</summary>
    public required long Sent { get; init; }

    /// <summary>Answers to those clicks, in-band errors included.</summary>
    public required long Responses { get; init; }

    /// <summary>Answers that carried recommendations.</summary>
    public required long Ok { get; init; }

    /// <summary>Successful answers per second of the measured window.</summary>
    public required double ThroughputPerSecond { get; init; }

    /// <summary>Latency of the successful answers; null when there were none.</summary>
    public LatencySummary? LatencyMs { get; init; }

    /// <summary>Open loop: how late the measured clicks were sent after their due time (already part of the latency); null in closed loop.</summary>
    public LatencySummary? SendLagMs { get; init; }

    /// <summary>Failed clicks by gRPC status code name, in-band errors and clicks lost with a failed call alike.</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    public required long Unanswered { get; init; }

    public required long Unsent { get; init; }

    public required long StreamRestarts { get; init; }

    public required long UnknownItems { get; init; }

    /// <summary>The mean server batch size over the successful answers; null when there were none.</summary>
    public double? MeanBatchSize { get; init; }

    public required int ModelVersions { get; init; }

    public string? LastModelVersion { get; init; }

    /// <summary>True when Ctrl+C stopped the run before its end; the numbers cover what was measured until then.</summary>
    public required bool Cancelled { get; init; }

    public long ErrorCount => Errors.Values.Sum();

    /// <summary>Merges the streams' measurements.</summary>
    public static LoadTestReport From(
        LoadTestOptions options, string runId, DateTimeOffset startedAt, string data, IReadOnlyList<StreamRecorder> streams, double measuredSeconds, bool cancelled)
    {
        var latency = NewHistogram();
        var sendLag = NewHistogram();
        var errors = new Dictionary<StatusCode, long>();
        var versions = new HashSet<string>(StringComparer.Ordinal);
        StreamRecorder? latest = null;
        foreach (var stream in streams)
        {
            latency.Add(stream.Latency);
            sendLag.Add(stream.SendLag);
            foreach (var (code, count) in stream.Errors)
            {
                errors[code] = errors.GetValueOrDefault(code) + count;
            }

            versions.UnionWith(stream.ModelVersions);
            if (stream.LastModelVersion is not null && (latest is null || stream.LastModelVersionTicks > latest.LastModelVersionTicks))
            {
                latest = stream;
            }
        }

        var ok = streams.Sum(s => s.Ok);
        return new LoadTestReport
        {
            RunId = runId,
            StartedAt = startedAt,
            Url = options.Url,
            Data = data,
            Mode = options.Mode.ToString().ToLowerInvariant(),
            Streams = options.Streams,
            SessionsPerStream = options.SessionsPerStream,
            TargetRate = options.Mode == LoadMode.Open ? options.Rate : null,
            WarmupSeconds = options.WarmupSeconds,
            MeasuredSeconds = measuredSeconds,
            K = options.K,
            ExcludeSeen = options.ExcludeSeen,
            Sent = streams.Sum(s => s.Sent),
            Responses = streams.Sum(s => s.Responses),
            Ok = ok,
            ThroughputPerSecond = measuredSeconds > 0 ? ok / measuredSeconds : 0,
            LatencyMs = latency.TotalCount == 0 ? null : Summarize(latency),
            SendLagMs = options.Mode == LoadMode.Open && sendLag.TotalCount > 0 ? Summarize(sendLag) : null,
            Errors = errors.OrderBy(e => e.Key).ToDictionary(e => NameOf(e.Key), e => e.Value),
            Unanswered = streams.Sum(s => s.Unanswered),
            Unsent = streams.Sum(s => s.Unsent),
            StreamRestarts = streams.Sum(s => s.Restarts),
            UnknownItems = streams.Sum(s => s.UnknownItems),
            MeanBatchSize = ok == 0 ? null : (double)streams.Sum(s => s.BatchSizeSum) / ok,
            ModelVersions = versions.Count,
            LastModelVersion = latest?.LastModelVersion,
            Cancelled = cancelled,
        };
    }

    /// <summary>The status code's name (Unavailable, InvalidArgument, ...), or its number when it has none.</summary>
    public static string NameOf(StatusCode code) => Enum.IsDefined(code) ? code.ToString() : $"Code{(int)code}";

    private static LongHistogram NewHistogram() =>
        new(StreamRecorder.LowestMicroseconds, StreamRecorder.HighestMicroseconds, StreamRecorder.SignificantDigits);

    private static LatencySummary Summarize(LongHistogram microseconds)
    {
        static double Ms(long us) => us / 1000.0;
        return new LatencySummary(
            Ms(microseconds.GetValueAtPercentile(50)),
            Ms(microseconds.GetValueAtPercentile(90)),
            Ms(microseconds.GetValueAtPercentile(99)),
            Ms(microseconds.GetValueAtPercentile(99.9)),
            Ms(microseconds.GetMaxValue()),
            microseconds.GetMean() / 1000.0);
    }
}
