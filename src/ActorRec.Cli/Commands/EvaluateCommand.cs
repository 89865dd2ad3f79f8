using System.CommandLine;
using System.Globalization;
using ActorRec.Cli.Reporting;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Sessions;
using Spectre.Console;

namespace ActorRec.Cli.Commands;

/// <summary>`actorrec evaluate`: re-evaluates a checkpoint and checks it against the metrics in its manifest.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "Checkpoint directory (with manifest.json)." };
        var inputs = new EvaluationInputs();
        var command = new Command("evaluate", "Evaluate a checkpoint on the whole catalog (by default on the data it was trained with).")
        {
            checkpoint,
        };
        inputs.AddTo(command);
        command.WithExamples(
            "actorrec evaluate runs/yc-xe-1 --ranking conservative",
            "actorrec evaluate runs/jd-sqn --serving-head q --results results/jd-sqn-q");
        command.SetAction((parse, cancellationToken) =>
        {
            var bound = inputs.Bind(parse);
            var (model, manifest) = bound.Load(parse.GetValue(checkpoint)!);
            using (model)
            {
                var (source, prepared) = bound.Prepare(manifest.Data.Source);
                var test = TestSet.ForModel(prepared, model.Vocabulary);
                var reference = bound.Reference is { } path ? Checkpoint.Load(path).Model : null;
                EvaluationReport report;
                using (reference)
                {
                    // Without --reference a model with item vectors measures diversity in its own; other kinds go without.
                    var beyond = BeyondAccuracySetup.For(prepared, source, reference ?? (model is IItemEmbeddingSource ? model : null));
                    report = bound.Evaluate(model, model.Vocabulary, prepared, beyond, cancellationToken);
                }

                ResultsWriter.Write($"{manifest.VersionId} ({test.TargetCount:N0} targets)", source.Description, [report], bound.Results, "evaluate-" + manifest.VersionId);
                CompareWithManifest(manifest, report, bound.Evaluation);
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
