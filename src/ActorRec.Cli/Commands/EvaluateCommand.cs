using System.CommandLine;
using System.Globalization;
using ActorRec.Cli.Reporting;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Evaluation;
using Spectre.Console;
using static TorchSharp.torch;

namespace ActorRec.Cli.Commands;

/// <summary>`actorrec evaluate`: re-evaluates a checkpoint and checks it against the metrics in its manifest.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "Checkpoint directory (with manifest.json)." };
        var data = CommonOptions.Data();
        var results = CommonOptions.Results();
        var threads = CommonOptions.Threads();
        var device = CommonOptions.Device();
        var ranking = CommonOptions.Ranking();
        var batch = CommonOptions.EvalBatchSize();
        var minSupport = CommonOptions.MinItemSupport();
        var testDays = CommonOptions.TestDays();
        var command = new Command("evaluate", "Evaluate a checkpoint on the whole catalog (by default on the data it was trained with).")
        {
            checkpoint, data, results, threads, device, ranking, batch, minSupport, testDays,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            set_num_threads(parse.GetValue(threads));
            var directory = parse.GetValue(checkpoint)!;
            var (model, manifest) = CheckpointStore.Load(directory, Workflow.ParseDevice(parse.GetValue(device)!));
            using (model)
            {
                var source = DataSource.Resolve(parse.GetValue(data) ?? manifest.Data.Source);
                var prepared = Workflow.Prepare(source, CommonOptions.Preprocess(parse.GetValue(minSupport), parse.GetValue(testDays)));
                var test = TestSet.ForModel(prepared, model.Vocabulary);
                var options = new EvaluationOptions { RankingRule = CommonOptions.ParseRanking(parse.GetValue(ranking)!), BatchSize = parse.GetValue(batch) };
                var report = new Evaluator(options).Evaluate(model, test, cancellationToken);
                ResultsWriter.Write($"{manifest.VersionId} ({test.TargetCount:N0} targets)", source.Description, [report], parse.GetValue(results), "evaluate-" + manifest.VersionId);
                CompareWithManifest(manifest, report, options);
            }

            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>Says whether the recorded metrics were reproduced, when the settings match the recorded ones.</summary>
    private static void CompareWithManifest(CheckpointManifest manifest, EvaluationReport report, EvaluationOptions options)
    {
        var recorded = manifest.Evaluation;
        if (recorded is null || manifest.Metrics.Count == 0 || recorded.RankingRule != options.RankingRule.ToString().ToLowerInvariant())
        {
            return;
        }

        var current = Workflow.MetricsOf(report);
        var differing = manifest.Metrics.Where(m => current.TryGetValue(m.Key, out var v) && v != m.Value).ToList();
        if (differing.Count == 0)
        {
            AnsiConsole.MarkupLine("[green]Reproduces the metrics recorded in the manifest exactly.[/]");
            return;
        }

        foreach (var (name, value) in differing)
        {
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[yellow]{name}: {current[name]:R} now, {value:R} in the manifest[/]"));
        }
    }
}
