using System.Diagnostics;
using System.Globalization;
using ActorRec.Cli.Commands;
using ActorRec.Contracts.V1;
using Grpc.Net.Client;
using Spectre.Console;

namespace ActorRec.Cli.LoadTest;

/// <summary>Runs the streams of one load test against one server and merges what they measured.</summary>
/// <param name="options">The run's settings.</param>
/// <param name="access">The credential and certificate authority for the channels; none: plain channels.</param>
internal sealed class LoadTestRunner(LoadTestOptions options, ServerAccess? access = null)
{
    /// <summary>Replays <paramref name="corpus"/> for warm-up + duration (+ at most the drain time); stops early, cleanly, on cancellation.</summary>
    public async Task<LoadTestReport> RunAsync(ReplayCorpus corpus, string dataDescription, CancellationToken cancellationToken)
    {
        options.Validate();
        var sessions = new SessionSource(corpus, SessionSource.NewRunId());
        var channels = options.Urls.Select(url => access?.Channel(url) ?? GrpcChannel.ForAddress(url)).ToArray();
        using var disposeChannels = new ChannelsDisposal(channels);
        var recorders = new StreamRecorder[options.Streams];
        var startedAt = DateTimeOffset.UtcNow;
        var window = MeasurementWindow.From(Stopwatch.GetTimestamp(), options, Stopwatch.Frequency);
        var ticksPerInterval = (long)Math.Round(options.TimelineIntervalSeconds * Stopwatch.Frequency);
        for (var i = 0; i < recorders.Length; i++)
        {
            recorders[i] = new StreamRecorder(Stopwatch.Frequency)
            {
                Timeline = options.TimelinePath is null ? null : new StreamTimeline(window.Origin, ticksPerInterval, 1_000_000.0 / Stopwatch.Frequency),
            };
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Stopwatch.GetElapsedTime(window.Origin, window.DrainEnd));
        var streams = new Task[recorders.Length];
        for (var i = 0; i < streams.Length; i++)
        {
            var stream = i;
            var client = new Recommender.RecommenderClient(channels[i % channels.Length]);
            streams[i] = options.Mode switch
            {
                LoadMode.Closed => Task.Run(() => new ClosedLoopWorker(client, options, sessions, window, recorders[stream]).RunAsync(deadline.Token), CancellationToken.None),
                LoadMode.Open => Task.Run(() => new OpenLoopWorker(client, options, sessions, window, recorders[stream], stream).RunAsync(deadline.Token), CancellationToken.None),

                // Each worker starts at another endpoint, so that the streams spread over them as in the other modes.
                _ => Task.Run(() => new ClientWorker(Rotate(channels, stream), options, sessions, window, recorders[stream]).RunAsync(deadline.Token), CancellationToken.None),
            };
        }

        using var progressCancellation = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var progress = ReportProgressAsync(recorders, window, progressCancellation.Token);
        await Task.WhenAll(streams);
        await progressCancellation.CancelAsync();
        await progress;

        if (options.TimelinePath is { } timeline)
        {
            TimelineWriter.Write(timeline, [.. recorders.Select(r => r.Timeline!)], options.TimelineIntervalSeconds, startedAt);
        }

        var cancelled = cancellationToken.IsCancellationRequested;
        var measuredTicks = Math.Clamp(Stopwatch.GetTimestamp(), window.Start, window.End) - window.Start;
        var measuredSeconds = cancelled ? (double)measuredTicks / Stopwatch.Frequency : options.DurationSeconds;
        return LoadTestReport.From(options, sessions.RunId, startedAt, dataDescription, recorders, measuredSeconds, cancelled);
    }

    private static GrpcChannel[] Rotate(GrpcChannel[] channels, int first) =>
        [.. Enumerable.Range(0, channels.Length).Select(i => channels[(first + i) % channels.Length])];

    private sealed class ChannelsDisposal(GrpcChannel[] channels) : IDisposable
    {
        public void Dispose()
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>Prints the answer rate every few seconds, so that a long run shows it is alive.</summary>
    private async Task ReportProgressAsync(StreamRecorder[] recorders, MeasurementWindow window, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.ProgressIntervalSeconds));
        var last = 0L;
        var lastTicks = window.Origin;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = Stopwatch.GetTimestamp();
                var total = 0L;
                foreach (var recorder in recorders)
                {
                    total += recorder.AllResponses;
                }

                var phase = now < window.Start ? "warm-up" : now < window.End ? "measuring" : "draining";
                var rate = (total - last) / Stopwatch.GetElapsedTime(lastTicks, now).TotalSeconds;
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"[grey]{Stopwatch.GetElapsedTime(window.Origin, now).TotalSeconds,6:F1} s  {phase,-9}  {rate,10:N0} answers/s  {total,12:N0} answers[/]"));
                last = total;
                lastTicks = now;
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
