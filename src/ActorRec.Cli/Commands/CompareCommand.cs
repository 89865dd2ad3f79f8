using System.CommandLine;
using System.Text.Json;
using ActorRec.Cli.Reporting;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Evaluation;
using static TorchSharp.torch;

namespace ActorRec.Cli.Commands;

/// <summary>`actorrec compare`: several checkpoints and baselines on one test set, in one table.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var checkpoints = new Argument<string[]>("checkpoints") { Description = "Checkpoint directories.", Arity = ArgumentArity.ZeroOrMore };
        var data = CommonOptions.Data();
        var results = CommonOptions.Results();
        var threads = CommonOptions.Threads();
        var device = CommonOptions.Device();
        var ranking = CommonOptions.Ranking();
        var batch = CommonOptions.EvalBatchSize();
        var baselines = CommonOptions.Baselines();
        var minSupport = CommonOptions.MinItemSupport();
        var testDays = CommonOptions.TestDays();
        var command = new Command("compare", "Evaluate checkpoints and baselines on the same test set; checkpoints that differ only by seed are also summarised as mean and spread.")
        {
            checkpoints, data, results, threads, device, ranking, batch, baselines, minSupport, testDays,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            set_num_threads(parse.GetValue(threads));
            var directories = parse.GetValue(checkpoints) ?? [];
            var manifests = directories.Select(CheckpointStore.ReadManifest).ToList();
            var spec = parse.GetValue(data) ?? manifests.FirstOrDefault()?.Data.Source
                ?? throw new ArgumentException("--data is required when no checkpoint is given.");
            var source = DataSource.Resolve(spec);
            var prepared = Workflow.Prepare(source, CommonOptions.Preprocess(parse.GetValue(minSupport), parse.GetValue(testDays)));
            var evaluator = new Evaluator(new EvaluationOptions { RankingRule = CommonOptions.ParseRanking(parse.GetValue(ranking)!), BatchSize = parse.GetValue(batch) });
            var reports = new List<EvaluationReport>();
            var groups = new List<string>();
            var targetDevice = Workflow.ParseDevice(parse.GetValue(device)!);
            foreach (var directory in directories)
            {
                var (model, manifest) = CheckpointStore.Load(directory, targetDevice);
                using (model)
                {
                    reports.Add(evaluator.Evaluate(model, TestSet.ForModel(prepared, model.Vocabulary), cancellationToken));
                    groups.Add(SeedGroup(manifest));
                }
            }

            foreach (var baseline in Workflow.Baselines(prepared.Train, parse.GetValue(baselines)!))
            {
                reports.Add(evaluator.Evaluate(baseline, prepared.Test, cancellationToken));
                groups.Add(baseline.Name);
            }

            var title = $"Comparison on {source.Description}";
            ResultsWriter.Write(title, source.Description, reports, parse.GetValue(results), "compare");
            SeedSummary.Write(reports, groups, parse.GetValue(results));
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>Checkpoints with equal kind and hyperparameters except the seed belong to one group.</summary>
    private static string SeedGroup(CheckpointManifest manifest)
    {
        var parameters = manifest.Hyperparameters.DeepClone().AsObject();
        parameters.Remove("seed");
        return $"{manifest.ModelKind} {JsonSerializer.Serialize(parameters)}";
    }
}
