using System.CommandLine;
using System.Text.Json;
using ActorRec.Cli.Reporting;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Gru4Rec;
using Spectre.Console;

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
        command.WithExamples(
            "actorrec compare runs/yc-xe-1 runs/yc-xe-2 runs/yc-xe-3 --results results/yc",
            "actorrec compare --data yoochoose-100k --min-item-support 1 --baselines pop transitions");
        command.SetAction((parse, cancellationToken) =>
        {
            var bound = inputs.Bind(parse);
            var directories = parse.GetValue(checkpoints) ?? [];
            var manifests = directories.Select(Checkpoint.ReadManifest).ToList();
            var (source, prepared) = bound.Prepare(manifests.FirstOrDefault()?.Data.Source);
            var reports = new List<EvaluationReport>();
            var groups = new List<string>();
            var referencePath = bound.Reference ?? directories.Where((_, i) => manifests[i].ModelKind == Gru4RecModel.Gru4RecKind).FirstOrDefault();
            var reference = referencePath is null ? null : Checkpoint.Load(referencePath).Model;
            using (reference)
            {
                if (reference is null)
                {
                    AnsiConsole.MarkupLine("[yellow]No GRU4Rec checkpoint or --reference given: embedding diversity is not measured.[/]");
                }

                var beyond = BeyondAccuracySetup.For(prepared, source, reference);
                foreach (var directory in directories)
                {
                    var (model, manifest) = bound.Load(directory);
                    using (model)
                    {
                        reports.Add(bound.Evaluate(model, model.Vocabulary, prepared, beyond, cancellationToken));
                        groups.Add(SeedGroup(manifest));
                    }
                }

                foreach (var baseline in Workflow.Baselines(prepared.Train, parse.GetValue(baselines)!))
                {
                    reports.Add(bound.Evaluate(baseline, prepared.Vocabulary, prepared, beyond, cancellationToken));
                    groups.Add(baseline.Name);
                }
            }

            var title = $"Comparison on {source.Description}";
            ResultsWriter.Write(title, source.Description, reports, bound.Results, "compare");
            SeedSummary.Write(reports, groups, bound.Results);
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>
    /// Checkpoints with equal label (or kind), hyperparameters and Q-learning options except the seed belong to one
    /// group; the group key starts with the label or kind, which names the group's column.
    /// </summary>
    private static string SeedGroup(CheckpointManifest manifest)
    {
        var parameters = manifest.Hyperparameters.DeepClone().AsObject();
        parameters.Remove("seed");
        return $"{manifest.Label ?? manifest.ModelKind} {JsonSerializer.Serialize(parameters)} {manifest.QLearning?.ToJsonString()}";
    }
}
