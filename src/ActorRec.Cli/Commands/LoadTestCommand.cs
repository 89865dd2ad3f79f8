using System.CommandLine;
using System.Globalization;
using ActorRec.Cli.LoadTest;
using Grpc.Core;
using Spectre.Console;

namespace ActorRec.Cli.Commands;

/// <summary>`actorrec loadtest`: replays test sessions against a running server over gRPC streams and reports throughput and latency.</summary>
internal static class LoadTestCommand
{
    /// <summary>The server's name for the Recommender service's scope.</summary>
    private const string RecommendScope = "recommend";

    public static Command Create()
    {
        var defaults = new LoadTestOptions();
        var url = new Option<string>("--url") { Description = "The server's gRPC address, or several separated by commas (silos or gateways of one cluster; streams are spread over them); nothing else is contacted.", DefaultValueFactory = _ => defaults.Url };
        var data = CommonOptions.Data();
        data.Description += " Its test sessions are replayed (default: the demo data).";
        var streams = new Option<int>("--streams") { Description = "Concurrent gRPC streams.", DefaultValueFactory = _ => defaults.Streams };
        var mode = new Option<string>("--mode")
        {
            Description = "closed: each session sends its next click after the previous answer; open: clicks go out at --rate whatever the answers; " +
                "client: closed loop through ActorRec.Client, one session at a time per stream (its own gRPC stream), retrying with the same seq and failing over across the --url endpoints.",
            DefaultValueFactory = _ => "closed",
        }.AcceptOnlyFromAmong("closed", "open", "client");
        var sessionsPerStream = new Option<int>("--sessions-per-stream")
        {
            Description = "Sessions each stream replays at once (closed: in flight together; open: taking turns).",
            DefaultValueFactory = _ => defaults.SessionsPerStream,
        };
        var rate = new Option<double>("--rate") { Description = "Open loop: clicks per second over all streams.", DefaultValueFactory = _ => defaults.Rate };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of load before measuring (not recorded).", DefaultValueFactory = _ => defaults.WarmupSeconds };
        var duration = new Option<double>("--duration") { Description = "Seconds measured.", DefaultValueFactory = _ => defaults.DurationSeconds };
        var drain = new Option<double>("--drain")
        {
            Description = "Seconds to wait after the measured window for answers still owed; the rest count as unanswered.",
            DefaultValueFactory = _ => defaults.DrainSeconds,
        };
        var k = new Option<int>("--k") { Description = "Recommendations per click (1..1000; the server refuses more than its Serving:MaxK, 100 unless configured).", DefaultValueFactory = _ => defaults.K };
        var excludeSeen = new Option<bool>("--exclude-seen") { Description = "Ask the server to leave out items already in the session." };
        var json = new Option<string?>("--json") { Description = "Also write the report to this JSON file." };
        var timeline = new Option<string?>("--timeline")
        {
            Description = "Also write a CSV with one row per interval of the whole run: answers/s, errors, latency p50/p90/p99/max, model versions.",
        };
        var access = new ServerAccessOptions();
        var timelineInterval = new Option<double>("--timeline-interval") { Description = "Seconds per timeline row.", DefaultValueFactory = _ => defaults.TimelineIntervalSeconds };
        var command = new Command("loadtest", "Replay test sessions against a running server (bidirectional gRPC streams) and report throughput, latency percentiles and errors.")
        {
            url, data, streams, mode, sessionsPerStream, rate, warmup, duration, drain, k, excludeSeen, json, timeline, timelineInterval, access.ApiKey, access.CaCert,
        };
        command.WithExamples(
            "actorrec loadtest --url http://localhost:5000 --data yoochoose-100k --duration 30",
            "actorrec loadtest --url http://localhost:5000 --mode open --rate 1000 --streams 8 --json results/load.json",
            "actorrec loadtest --url http://localhost:5000,http://localhost:5001 --mode client --api-key ar_shop_...");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new LoadTestOptions
            {
                Url = parse.GetValue(url)!,
                Streams = parse.GetValue(streams),
                Mode = parse.GetValue(mode) switch
                {
                    "open" => LoadMode.Open,
                    "client" => LoadMode.Client,
                    _ => LoadMode.Closed,
                },
                SessionsPerStream = parse.GetValue(sessionsPerStream),
                Rate = parse.GetValue(rate),
                WarmupSeconds = parse.GetValue(warmup),
                DurationSeconds = parse.GetValue(duration),
                DrainSeconds = parse.GetValue(drain),
                K = parse.GetValue(k),
                ExcludeSeen = parse.GetValue(excludeSeen),
                TimelinePath = parse.GetValue(timeline),
                TimelineIntervalSeconds = parse.GetValue(timelineInterval),
            };
            options.Validate();
            using var server = access.Read(parse);
            var source = parse.GetValue(data) is { } spec ? DataSource.Resolve(spec) : DataSource.Demo();
            var log = source.Logs.Test ?? source.Logs.Train;
            var corpus = ReplayCorpus.FromLog(log);
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Replaying {corpus.SessionCount:N0} sessions ({corpus.EventCount:N0} clicks) of {source.Description} against {options.Url} " +
                $"for {options.WarmupSeconds:0.#} + {options.DurationSeconds:0.#} s.")));
            var report = await new LoadTestRunner(options, server).RunAsync(corpus, source.Description, cancellationToken);
            LoadTestReportWriter.Write(report, parse.GetValue(json));
            if (report.Cancelled)
            {
                return 130;
            }

            // Every click refused the same way: the report's error counts alone would not say what to change.
            if (report.Ok == 0 && RefusalGuidance(report, server) is { } guidance)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(guidance)}");
                return ServerAccess.RefusedExitCode;
            }

            if (report.Ok == 0)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] no click was answered by {Markup.Escape(options.Url)}: start a server there (dotnet run -c Release --project src/ActorRec.Server) " +
                    "or point --url at a running one; the errors by status above say why.");
                return 1;
            }

            return 0;
        });
        return command;
    }

    private static string? RefusalGuidance(LoadTestReport report, ServerAccess server) =>
        new[] { StatusCode.Unauthenticated, StatusCode.PermissionDenied }
            .Where(code => report.Errors.ContainsKey(LoadTestReport.NameOf(code)))
            .Select(code => server.Guidance(code, "every click was refused", RecommendScope))
            .FirstOrDefault();
}
