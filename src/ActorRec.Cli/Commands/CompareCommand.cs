using System.CommandLine;
using System.Text.Json;
using ActorRec.Cli.Reporting;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Evaluation;

namespace ActorRec.Cli.Commands;

/// <summary>`actorrec compare`: several checkpoints and baselines on one test set, in one table.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var checkpoints = new Argument<string[]>("checkpoints") { Description = "Checkpoint directories.", Arity = ArgumentArity.ZeroOrMore };
        var inputs = new EvaluationInputs();
        var baselines = CommonOptions.Baselines();
        var command = new Command("compare", "Evaluate checkpoints and baselines on the same test set; checkpoints that differ only by seed are also summarised as mean and spread.")
        {
            checkpoints, baselines,
        };
        inputs.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var bound = inputs.Bind(parse);
            var directories = parse.GetValue(checkpoints) ?? [];
            var (source, prepared) = bound.Prepare(directories.Select(CheckpointStore.ReadManifest).FirstOrDefault()?.Data.Source);
            var evaluator = new Evaluator(bound.Evaluation);
            var reports = new List<EvaluationReport>();
            var groups = new List<string>();
            foreach (var directory in directories)
            {
                var (model, manifest) = CheckpointStore.Load(directory, bound.Device);
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
            ResultsWriter.Write(title, source.Description, reports, bound.Results, "compare");
            SeedSummary.Write(reports, groups, bound.Results);
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
