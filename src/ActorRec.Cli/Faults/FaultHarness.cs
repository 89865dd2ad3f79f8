using System.Globalization;
using ActorRec.Cli.LoadTest;
using ActorRec.Client;
using ActorRec.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace ActorRec.Cli.Faults;

/// <summary>
/// One fault run: a cluster of real processes, real sessions replayed through the client at a fixed rate while silos
/// and Redis are killed and stalled and the model is swapped, then the checks from outside and the report.
/// </summary>
internal sealed class FaultHarness(FaultOptions options, Action<string> say)
{
    /// <summary>Where `dotnet build -c Release ActorRec.sln` puts the server, relative to the repository root.</summary>
    public const string DefaultServer = "artifacts/bin/ActorRec.Server/release/ActorRec.Server.dll";

    /// <summary>The stream the silos log clicks to (the server's default).</summary>
    private const string StreamKey = "actorrec:clicks";

    public async Task<FaultReport> RunAsync(CancellationToken cancellationToken)
    {
        options.Validate();
        var server = Path.GetFullPath(options.ServerPath ?? FindDefaultServer());
        var source = DataSource.Resolve(options.Data ?? "yoochoose-100k");
        var corpus = ReplayCorpus.FromLog(source.Logs.Test ?? source.Logs.Train);
        var work = options.WorkDirectory is { } given ? Directory.CreateDirectory(given).FullName : Directory.CreateTempSubdirectory("actorrec-faults-").FullName;
        say($"Working folder (logs of every process): {work}");
        var store = Path.Combine(work, "models");
        var (first, second) = FaultModelStore.Prepare(options, source, store, say, cancellationToken);
        ClickRecorder recorder;
        var verification = new Verification();
        string finalVersion;
        Dictionary<string, IReadOnlyList<ReplayedClick>> applied;
        Dictionary<string, Recommendation> finals;
        long notSent;
        await using (var cluster = await FaultCluster.StartAsync(options, server, store, Path.Combine(work, "cluster"), say, cancellationToken))
        {
            await ActivateAndWaitAsync(cluster.Silos.Select(s => s.Channel).ToList(), first, cancellationToken);
            say($"Serving {first}; replaying {corpus.SessionCount:N0} sessions of {source.Description} at {options.Rate:0} clicks/s for {options.DurationSeconds:0.#} s " +
                $"through {(cluster.Gateway is null ? $"{cluster.Silos.Count} silo endpoints" : "the gateway")}.");

            recorder = new ClickRecorder();
            var clientOptions = new ActorRecClientOptions
            {
                K = options.K,
                MaxInFlight = options.Window,
                ClickTimeout = TimeSpan.FromSeconds(options.ClickTimeoutSeconds),
                AttemptFailed = recorder.AttemptFailed,
            };
            using (var client = ActorRecClient.Create(cluster.Endpoints, clientOptions))
            {
                var runId = $"faults-{DateTime.UtcNow:HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
                var replayer = new SessionReplayer(client, corpus, recorder, options, runId, say);
                using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(options.DurationSeconds + options.DrainSeconds));
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(drain.Token, cancellationToken);
                var injector = new FaultInjector(cluster, recorder, options, second, say).RunAsync(cancellationToken);
                await replayer.RunAsync(linked.Token);
                await injector;
                notSent = replayer.NotSent;
            }

            say("Traffic over; waiting for every process to be ready, then reading state and click log.");
            await cluster.WaitUntilAllReadyAsync(cancellationToken);
            var sessions = recorder.Sessions();
            finalVersion = (await new ModelAdmin.ModelAdminClient(cluster.Channels[0]).GetActiveModelAsync(new GetActiveModelRequest(), cancellationToken: cancellationToken)).VersionId;
            finals = await FaultVerifier.ReadFinalStatesAsync(cluster.Channels, sessions, options.K, cancellationToken);
            var log = await FaultVerifier.ReadLogAsync(cluster.Redis.Connection.GetDatabase(), StreamKey, verification);
            applied = FaultVerifier.CheckStateAndLog(sessions, finals, log, verification);
        }

        say($"Cluster stopped; replaying {applied.Count:N0} sessions without faults on a fresh silo (state in memory, {finalVersion}).");
        await using (var reference = await FaultCluster.StartReferenceAsync(server, store, Path.Combine(work, "reference"), TimeSpan.FromSeconds(options.StartTimeoutSeconds), cancellationToken))
        {
            await ActivateAndWaitAsync([reference.Channel], finalVersion, cancellationToken);
            await FaultVerifier.CompareWithReplayAsync(reference, applied, finals, options.K, options.ScoreTolerance, verification, cancellationToken);
        }

        var report = Report(recorder, verification, notSent, $"{first} then {second}");
        if (report.Clean && options.WorkDirectory is null)
        {
            Directory.Delete(work, recursive: true);
        }
        else if (!report.Clean)
        {
            say($"Logs kept in {work}.");
        }

        return report;
    }

    /// <summary>The server built by `dotnet build -c Release ActorRec.sln`, looked for above this program and the current folder.</summary>
    private static string FindDefaultServer()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, DefaultServer);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new ArgumentException($"--server: no {DefaultServer} above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}; build it (dotnet build -c Release ActorRec.sln) or pass its path.");
    }

    /// <summary>Activates <paramref name="version"/> and waits until a fresh session on every given silo is served by it.</summary>
    private async Task ActivateAndWaitAsync(IReadOnlyList<GrpcChannel> silos, string version, CancellationToken cancellationToken)
    {
        await new ModelAdmin.ModelAdminClient(silos[0]).ActivateModelAsync(new ActivateModelRequest { VersionId = version }, cancellationToken: cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(options.StartTimeoutSeconds));
        foreach (var channel in silos)
        {
            var recommender = new Recommender.RecommenderClient(channel);
            while (true)
            {
                // A new session activates on the silo that receives it, so its answer says what that silo serves.
                var probe = new GetRecommendationsRequest { SessionId = $"probe-{Guid.NewGuid():N}", K = 1 };
                try
                {
                    if ((await recommender.GetRecommendationsAsync(probe, cancellationToken: deadline.Token)).ModelVersion == version)
                    {
                        break;
                    }
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.FailedPrecondition && !deadline.IsCancellationRequested)
                {
                    // Still loading.
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && !cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"{channel.Target} did not serve {version} within {options.StartTimeoutSeconds:0} s of its activation.");
                }

                // A poll interval, not a synchronisation: the condition is checked again until the deadline.
                await Task.Delay(100, deadline.Token);
            }
        }
    }

    private FaultReport Report(ClickRecorder recorder, Verification verification, long notSent, string setup)
    {
        var sessions = recorder.Sessions();
        var faults = recorder.Faults()
            .Select(f => new FaultSummary(f.Kind, f.Target, Math.Round(f.InjectedAt, 2), f.RecoverySeconds is { } r ? Math.Round(r, 2) : null, f.BackSeconds is { } b ? Math.Round(b, 2) : null, f.Affected, f.Problem))
            .ToList();
        var recoveries = faults.Where(f => f.RecoverySeconds is not null).Select(f => f.RecoverySeconds!.Value).Order().ToList();
        var failures = recorder.Failures();
        return new FaultReport
        {
            Acknowledged = sessions.Sum(s => s.Answers.Count),
            Lost = verification.Lost,
            AppliedTwice = verification.AppliedTwice,
            OutOfOrder = verification.OutOfOrder,
            StateMismatches = verification.StateMismatches,
            Unrecovered = faults.Count(f => f.RecoverySeconds is null),
            Errors = Count(failures.Select(f => f.Status)),
            RecoveryP50Seconds = recoveries.Count > 0 ? recoveries[(recoveries.Count - 1) / 2] : null,
            RecoveryMaxSeconds = recoveries.Count > 0 ? recoveries[^1] : null,
            Sessions = sessions.Count,
            Resumes = recorder.Resumes,
            AppliedUnanswered = sessions.Sum(s => s.AppliedUnanswered),
            NotSent = notSent,
            LogEntries = verification.LogEntries,
            LogRepeats = verification.LogRepeats,
            LoggedNotApplied = verification.LoggedNotApplied,
            Setup = string.Create(CultureInfo.InvariantCulture,
                $"{options.Silos} silos{(options.GatewayPath is null ? "" : " behind a gateway")}, {options.Rate:0} clicks/s for {options.DurationSeconds:0.#} s, " +
                $"{options.Sessions} sessions at once, click timeout {options.ClickTimeoutSeconds:0.#} s, score tolerance {options.ScoreTolerance:G3}, models {setup}"),
            Faults = faults,
            Windows = Windows(recorder.Faults(), failures, recorder.Latencies()),
            Examples = verification.Examples,
        };
    }

    /// <summary>The traffic cut at each fault: what the clicks queued between one fault and the next saw.</summary>
    private List<WindowSummary> Windows(IReadOnlyList<FaultRecord> faults, IReadOnlyList<(double At, string Status)> failures, IReadOnlyList<(double QueuedAt, double Latency)> latencies)
    {
        var starts = new List<(double At, string Label)> { (0, "no fault") };
        starts.AddRange(faults.Select(f => (f.InjectedAt, $"{f.Kind} {f.Target}")));
        var windows = new List<WindowSummary>();
        for (var i = 0; i < starts.Count; i++)
        {
            var from = starts[i].At;
            var to = i + 1 < starts.Count ? starts[i + 1].At : double.MaxValue;
            var times = latencies.Where(l => l.QueuedAt >= from && l.QueuedAt < to).Select(l => l.Latency * 1000).Order().ToList();
            windows.Add(new WindowSummary(
                starts[i].Label,
                Math.Round(from, 2),
                Math.Round(Math.Min(to, options.DurationSeconds), 2),
                Count(failures.Where(f => f.At >= from && f.At < to).Select(f => f.Status)),
                times.Count,
                Math.Round(Percentile(times, 0.50), 1),
                Math.Round(Percentile(times, 0.99), 1),
                Math.Round(times.Count > 0 ? times[^1] : 0, 1)));
        }

        return windows;
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static SortedDictionary<string, int> Count(IEnumerable<string> statuses) =>
        new(statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);
}
