using System.CommandLine;
using ActorRec.Cli.Faults;

namespace ActorRec.Cli.Commands;

/// <summary>
/// `actorrec faults`: starts Redis and a cluster of silos as child processes on loopback, replays real sessions
/// through the client while killing and stalling them, and checks that no acknowledged click was lost, applied twice
/// or applied out of order, and that every session ends where a fault-free replay ends.
/// </summary>
internal static class FaultsCommand
{
    public static Command Create()
    {
        var d = new FaultOptions();
        var server = new Option<string?>("--server") { Description = $"The built ActorRec.Server.dll (default: {FaultHarness.DefaultServer} above this program or the current folder)." };
        var gateway = new Option<string?>("--gateway") { Description = "ActorRec.Gateway.dll: start one gateway and send all traffic through it (default: clients spread over the silos)." };
        var models = new Option<string?>("--models") { Description = "A model store with two versions or more, copied (default: train two quick GRU4Rec models on --data)." };
        var data = CommonOptions.Data();
        data.Description += " Its test sessions are replayed (default: yoochoose-100k).";
        var silos = Number("--silos", "Silos in the cluster.", d.Silos);
        var rate = Number("--rate", "Clicks per second.", d.Rate);
        var duration = Number("--duration", "Seconds of traffic.", d.DurationSeconds);
        var sessions = Number("--sessions", "Sessions replayed at once.", d.Sessions);
        var window = Number("--window", "Clicks a session sends ahead of its answers.", d.Window);
        var k = Number("--k", "Recommendations per click, and size of the compared top-k lists.", d.K);
        var clickTimeout = Number("--click-timeout", "Seconds a click may stay unanswered before its session gives up (and is resumed).", d.ClickTimeoutSeconds);
        var siloKillEvery = Number("--silo-kill-every", "Kill (SIGKILL) and restart a silo every this many seconds, round robin; 0: never.", d.SiloKillEverySeconds);
        var activateAt = Number("--activate-at", "Second at which the second model version is activated; negative: never.", d.ActivateAtSeconds);
        var redisKillAt = Number("--redis-kill-at", "Second at which Redis is killed (SIGKILL) and restarted on its folder; negative: never.", d.RedisKillAtSeconds);
        var redisStallAt = Number("--redis-stall-at", "Second at which Redis is stalled with DEBUG SLEEP; negative: never.", d.RedisStallAtSeconds);
        var redisStall = Number("--redis-stall", "Seconds Redis sleeps (longer than --click-timeout by default).", d.RedisStallSeconds);
        var drain = Number("--drain", "Seconds after the traffic allowed for the last answers.", d.DrainSeconds);
        var tolerance = Number("--tolerance", "Relative score tolerance against the fault-free replay (absolute below 1).", d.ScoreTolerance);
        var trainEpochs = Number("--train-epochs", "Epochs of each model trained when --models is not given.", d.TrainEpochs);
        var report = new Option<string?>("--report") { Description = "Also write the report as JSON to this file." };
        var work = new Option<string?>("--work") { Description = "Folder for Redis, the model store and the processes' logs (default: a temporary one, deleted after a clean run)." };
        var command = new Command("faults", "Kill and stall silos and Redis under replayed traffic and check that no acknowledged click is lost, doubled or reordered.")
        {
            server, gateway, models, data, silos, rate, duration, sessions, window, k, clickTimeout, siloKillEvery, activateAt, redisKillAt, redisStallAt, redisStall,
            drain, tolerance, trainEpochs, report, work,
        };
        command.WithExamples(
            "actorrec faults --data yoochoose-100k --duration 20 --report results/faults.json",
            "actorrec faults --server artifacts/bin/ActorRec.Server/release/ActorRec.Server.dll --models runs/store");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new FaultOptions
            {
                ServerPath = parse.GetValue(server),
                GatewayPath = parse.GetValue(gateway),
                ModelsPath = parse.GetValue(models),
                Data = parse.GetValue(data),
                Silos = parse.GetValue(silos),
                Rate = parse.GetValue(rate),
                DurationSeconds = parse.GetValue(duration),
                Sessions = parse.GetValue(sessions),
                Window = parse.GetValue(window),
                K = parse.GetValue(k),
                ClickTimeoutSeconds = parse.GetValue(clickTimeout),
                SiloKillEverySeconds = parse.GetValue(siloKillEvery),
                ActivateAtSeconds = parse.GetValue(activateAt),
                RedisKillAtSeconds = parse.GetValue(redisKillAt),
                RedisStallAtSeconds = parse.GetValue(redisStallAt),
                RedisStallSeconds = parse.GetValue(redisStall),
                DrainSeconds = parse.GetValue(drain),
                ScoreTolerance = parse.GetValue(tolerance),
                TrainEpochs = parse.GetValue(trainEpochs),
                ReportPath = parse.GetValue(report),
                WorkDirectory = parse.GetValue(work),
            };
            var result = await new FaultHarness(options, Console.WriteLine).RunAsync(cancellationToken);
            foreach (var line in FaultReportWriter.Lines(result))
            {
                Console.WriteLine(line);
            }

            if (options.ReportPath is { } path)
            {
                FaultReportWriter.WriteJson(result, path);
            }

            Console.WriteLine(result.SummaryLine);
            return result.Clean ? 0 : 1;
        });
        return command;
    }

    private static Option<T> Number<T>(string name, string description, T defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };
}
