using System.Globalization;

namespace ActorRec.Cli.LoadTest;

/// <summary>The settings of one `actorrec loadtest` run; the defaults are the command's.</summary>
internal sealed record LoadTestOptions
{
    /// <summary>The server's address; the load test connects to nothing else.</summary>
    public string Url { get; init; } = "http://localhost:5000";

    /// <summary>The endpoints in <see cref="Url"/> (comma-separated): stream i goes to endpoint i modulo their number.</summary>
    public string[] Urls => Url.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Concurrent bidirectional gRPC streams, each driven by its own task.</summary>
    public int Streams { get; init; } = 8;

    public LoadMode Mode { get; init; } = LoadMode.Closed;

    /// <summary>Sessions each stream replays at once: in flight together (closed) or taking turns (open).</summary>
    public int SessionsPerStream { get; init; } = 8;

    /// <summary>Open loop only: clicks per second over all streams together.</summary>
    public double Rate { get; init; } = 1000;

    /// <summary>Seconds of load before measuring starts, so that connections, JIT and server caches settle.</summary>
    public double WarmupSeconds { get; init; } = 5;

    /// <summary>Seconds measured after the warm-up.</summary>
    public double DurationSeconds { get; init; } = 30;

    /// <summary>
    /// Seconds allowed after the measured window for the answers to clicks sent in it; clicks still unanswered then are
    /// reported as such. Waiting for them keeps the slowest answers in the percentiles instead of silently dropping them.
    /// </summary>
    public double DrainSeconds { get; init; } = 10;

    /// <summary>Pause before a stream that failed is opened again, so that a server that is down is not hammered.</summary>
    public double ReconnectDelaySeconds { get; init; } = 0.25;

    /// <summary>Seconds between progress lines.</summary>
    public double ProgressIntervalSeconds { get; init; } = 5;

    /// <summary>Recommendations asked for per click (the server accepts 1..Serving:MaxK, 100 unless configured).</summary>
    public int K { get; init; } = 20;

    public bool ExcludeSeen { get; init; }

    /// <summary>When set, a CSV of answers per second, errors, latency percentiles and model versions per interval is written here.</summary>
    public string? TimelinePath { get; init; }

    /// <summary>Seconds per row of the timeline.</summary>
    public double TimelineIntervalSeconds { get; init; } = 1;

    /// <summary>Fails with a message naming the offending command-line option.</summary>
    public void Validate()
    {
        foreach (var url in Urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"--url: '{url}' is not an http:// or https:// address.");
            }
        }

        Require(Streams >= 1, "--streams", "must be at least 1", Streams);
        Require(SessionsPerStream >= 1, "--sessions-per-stream", "must be at least 1", SessionsPerStream);
        Require(Mode != LoadMode.Open || (Rate > 0 && double.IsFinite(Rate)), "--rate", "must be a positive number of clicks per second", Rate);
        Require(WarmupSeconds >= 0 && double.IsFinite(WarmupSeconds), "--warmup", "must be zero or more seconds", WarmupSeconds);
        Require(DurationSeconds > 0 && double.IsFinite(DurationSeconds), "--duration", "must be a positive number of seconds", DurationSeconds);
        Require(DrainSeconds >= 0 && double.IsFinite(DrainSeconds), "--drain", "must be zero or more seconds", DrainSeconds);
        Require(K is >= 1 and <= 1000, "--k", "must be between 1 and 1000 (the most Serving:MaxK allows)", K);
        Require(TimelineIntervalSeconds > 0 && double.IsFinite(TimelineIntervalSeconds), "--timeline-interval", "must be a positive number of seconds", TimelineIntervalSeconds);
    }

    private static void Require(bool condition, string option, string rule, double value)
    {
        if (!condition)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{option} {rule} (got {value})."));
        }
    }
}
