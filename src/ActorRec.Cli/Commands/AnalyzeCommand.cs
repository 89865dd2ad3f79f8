using System.CommandLine;
using ActorRec.Cli.Analysis;
using ActorRec.Models.Data;
using Spectre.Console;
using static TorchSharp.torch;

namespace ActorRec.Cli.Commands;

/// <summary>`actorrec analyze`: what trained models learned, as PNG charts and one self-contained HTML report.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var defaults = new AnalysisOptions();
        var models = new Option<string[]>("--model")
        {
            Description = "Checkpoint directory, or label=directory; repeat for several models.",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out")
        {
            Description = "Folder for the PNG files and report.html.",
            DefaultValueFactory = _ => "analysis",
        };
        var items = new Option<string[]>("--items")
        {
            Description = "External item ids for the embedding mirror table (default: the most popular training items).",
            AllowMultipleArgumentsPerToken = true,
        };
        var popular = Number("--popular-items", "Most popular training items in the mirror table when --items is not given.", defaults.PopularItems);
        var neighbours = Number("--neighbours", "Most and least similar items listed per item.", defaults.Neighbours);
        var sessions = Number("--sessions", "Test sessions drawn for the prediction batches.", defaults.Sessions);
        var seed = Number("--seed", "Seed of the session draw.", defaults.Seed);
        var topN = Number("--top-n", "Items per model in the prediction batches.", defaults.TopN);
        var context = Number("--context", "Session items shown before each prediction.", defaults.ContextItems);
        var cutoffs = new Option<int[]>("--cutoffs")
        {
            Description = "Cutoffs k of the accuracy charts; coverage, novelty and diversity are measured at the largest.",
            DefaultValueFactory = _ => [.. defaults.Cutoffs],
            AllowMultipleArgumentsPerToken = true,
        };
        var baselines = CommonOptions.Baselines();
        baselines.Description += " 'none' for none.";
        var data = CommonOptions.Data();
        var dataFile = new DataFileOptions();
        data.Description += " Default: the data the first model was trained on.";
        var threads = CommonOptions.Threads();
        var device = CommonOptions.Device();
        var ranking = CommonOptions.Ranking();
        var batch = CommonOptions.EvalBatchSize();
        var minSupport = CommonOptions.MinItemSupport();
        var testDays = CommonOptions.TestDays();

        var command = new Command("analyze", "Show what trained models learned: embedding neighbours, predictions on test sessions, " +
            "embedding projections and accuracy against coverage, novelty and diversity, as PNG charts and one HTML report.")
        {
            models, output, items, popular, neighbours, sessions, seed, topN, context, cutoffs, baselines,
            data, threads, device, ranking, batch, minSupport, testDays,
        };
        dataFile.AddTo(command);
        command.WithExamples(
            "actorrec analyze --model runs/yc-xe-1 --out analysis/yc",
            "actorrec analyze --model gru4rec=runs/jd-gru4rec --model sqn=runs/jd-sqn --items 1001 1002 --out analysis/jd");
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new AnalysisOptions
            {
                Items = [.. (parse.GetValue(items) ?? []).SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
                PopularItems = parse.GetValue(popular),
                Neighbours = parse.GetValue(neighbours),
                Sessions = parse.GetValue(sessions),
                Seed = parse.GetValue(seed),
                TopN = parse.GetValue(topN),
                ContextItems = parse.GetValue(context),
                Cutoffs = parse.GetValue(cutoffs) ?? [],
                Evaluation = new() { RankingRule = CommonOptions.ParseRanking(parse.GetValue(ranking)!), BatchSize = parse.GetValue(batch) },
            };
            set_num_threads(parse.GetValue(threads));
            return Task.FromResult(Run(
                parse.GetValue(models)!,
                parse.GetValue(data),
                dataFile.Split(parse, CommonOptions.Preprocess(parse.GetValue(minSupport), parse.GetValue(testDays))),
                dataFile.File(parse),
                [.. parse.GetValue(baselines)!.Where(b => !string.Equals(b, "none", StringComparison.OrdinalIgnoreCase))],
                Workflow.ParseDevice(parse.GetValue(device)!),
                options,
                parse.GetValue(output)!,
                cancellationToken));
        });
        return command;
    }

    private static Option<int> Number(string name, string description, int defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };

    private static int Run(
        IReadOnlyList<string> checkpoints,
        string? dataSpec,
        PreprocessOptions preprocess,
        ClickFileOptions? dataFile,
        IReadOnlyList<string> baselineNames,
        Device device,
        AnalysisOptions options,
        string folder,
        CancellationToken cancellationToken)
    {
        options.Validate();
        var models = AnalyzedModel.LoadAll(checkpoints, device);
        try
        {
            var source = DataSource.Resolve(dataSpec ?? models[0].Manifest.Data.Source, dataFile);
            var data = Workflow.Prepare(source, preprocess);
            var fingerprint = data.Fingerprint();
            foreach (var model in models.Where(m => m.Manifest.Data.Fingerprint != fingerprint))
            {
                AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(model.Label)} was trained on other data or preprocessing; its items are matched to this data by id.[/]");
            }

            var categories = source.Logs.ReadItemCategories();
            var baselines = Workflow.Baselines(data.Train, baselineNames).ToList();
            var result = new Analyzer(options, Console.Out).Run(source.Description, data, categories, models, baselines, folder, cancellationToken);

            var files = result.Files.ToList();
            AnsiConsole.MarkupLine($"[green]Wrote {files.Count} files to {Markup.Escape(Path.GetFullPath(folder))}:[/]");
            foreach (var file in files)
            {
                Console.WriteLine($"  {Path.GetFullPath(file)}");
            }

            AnsiConsole.MarkupLine($"[green]Report:[/] {Markup.Escape(Path.GetFullPath(result.Report))}");
            return 0;
        }
        finally
        {
            foreach (var model in models)
            {
                model.Dispose();
            }
        }
    }
}
