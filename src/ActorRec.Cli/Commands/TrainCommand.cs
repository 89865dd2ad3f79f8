using System.CommandLine;
using System.Globalization;
using ActorRec.Cli.Reporting;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Reinforcement;
using ActorRec.Models.Scoring;
using ActorRec.Models.Sessions;
using Spectre.Console;
using static TorchSharp.torch;

namespace ActorRec.Cli.Commands;

/// <summary>`actorrec train`: trains GRU4Rec, SQN or SMORL, evaluates it with the baselines, saves a checkpoint.</summary>
internal static class TrainCommand
{
    private static readonly (string Flag, string Name, string Help)[] OfficialFlags =
    [
        ("--loss", "loss", "cross-entropy or bpr-max"),
        ("--layers", "layers", "hidden layer sizes, e.g. 100 or 100/100"),
        ("--batch-size", "batch_size", "sessions per minibatch"),
        ("--learning-rate", "learning_rate", "Adagrad learning rate"),
        ("--momentum", "momentum", "Adagrad momentum"),
        ("--dropout-p-embed", "dropout_p_embed", "dropout on the input embedding"),
        ("--dropout-p-hidden", "dropout_p_hidden", "dropout on the hidden state"),
        ("--n-sample", "n_sample", "extra negatives per minibatch"),
        ("--sample-alpha", "sample_alpha", "negatives sampled by popularity^alpha"),
        ("--logq", "logq", "logQ correction weight (cross-entropy)"),
        ("--bpreg", "bpreg", "BPR-max score regularisation"),
        ("--elu-param", "elu_param", "ELU alpha of the BPR-max final activation (0: none)"),
        ("--constrained-embedding", "constrained_embedding", "input embedding = output weights (True/False)"),
        ("--embedding", "embedding", "separate input embedding size (when not constrained)"),
        ("--epochs", "n_epochs", "training epochs"),
        ("--seed", "seed", "random seed"),
        ("--max-batches", "max_batches", "end each epoch after this many minibatches (0: whole epoch)"),
    ];

    public static Command Create()
    {
        var data = CommonOptions.Data();
        var dataFile = new DataFileOptions();
        var preset = new Option<string?>("--preset") { Description = $"Start from an official parameter set: {string.Join(", ", Gru4RecParameters.Presets.Keys)}." };
        var parameters = new Option<string?>("--params") { Description = "JSON file with official parameter names, or 'name=value,name=value' as the official run.py -ps." };
        var output = new Option<string?>("--out") { Description = "Checkpoint directory (default: runs/<version id>)." };
        var label = new Option<string?>("--label") { Description = "Name of this run in comparisons (e.g. sqn-no-td); recorded in the manifest." };
        var results = CommonOptions.Results();
        var threads = CommonOptions.Threads();
        var device = CommonOptions.Device();
        var minSupport = CommonOptions.MinItemSupport();
        var testDays = CommonOptions.TestDays();
        var baselines = CommonOptions.Baselines();
        var noValidation = new Option<bool>("--no-epoch-eval") { Description = "Skip the held-out Recall@20/MRR@20 after each epoch." };
        var qLearning = new QLearningParameters();
        var flags = OfficialFlags.Select(f => (f.Name, Option: new Option<string?>(f.Flag) { Description = $"{f.Help} ({f.Name})" })).ToList();

        var command = new Command("train", "Train GRU4Rec, SQN or SMORL, evaluate it against the baselines on the whole catalog, and save a checkpoint.")
        {
            data, preset, parameters, output, label, results, threads, device, minSupport, testDays, baselines, noValidation,
        };
        command.WithExamples(
            "actorrec train --data yoochoose-100k --preset rsc15-xe --min-item-support 1 --seed 1 --out runs/yc-xe-1",
            "actorrec train --data diginetica --preset diginetica-bprmax --min-item-support 1 --out runs/dn-bprmax-1",
            "actorrec train --data jdata --min-item-support 1 --model sqn --out runs/jd-sqn",
            "actorrec train --data synthetic:items=500,sessions=2000 --epochs 2 --layers 32 --out runs/try",
            "actorrec train --data clicks.parquet --columns session=basket,item=article_no,time=clicked_at_ms --split sessions --out runs/own");
        foreach (var option in qLearning.All.Concat(flags.Select(f => f.Option)))
        {
            command.Add(option);
        }

        dataFile.AddTo(command);

        command.SetAction((parse, cancellationToken) =>
        {
            var q = qLearning.Build(parse);
            var options = Gru4RecParameters.Build(
                parse.GetValue(preset) ?? (q is null ? null : "sqn"),
                parse.GetValue(parameters),
                flags.Where(f => parse.GetValue(f.Option) is not null).Select(f => KeyValuePair.Create(f.Name, parse.GetValue(f.Option)!)));
            var source = parse.GetValue(data) is { } spec ? dataFile.Resolve(parse, spec) : DataSource.Demo();
            return Task.FromResult(Run(
                source, options, q, parse.GetValue(qLearning.DiversityEmbedding), parse.GetValue(threads), Workflow.ParseDevice(parse.GetValue(device)!),
                dataFile.Split(parse, CommonOptions.Preprocess(parse.GetValue(minSupport), parse.GetValue(testDays))),
                parse.GetValue(baselines)!, !parse.GetValue(noValidation), parse.GetValue(output), parse.GetValue(results), cancellationToken, parse.GetValue(label)));
        });
        return command;
    }

    public static int Run(
        DataSource source,
        Gru4RecOptions options,
        QLearningOptions? qLearning,
        string? diversityCheckpoint,
        int threads,
        Device device,
        Models.Data.PreprocessOptions preprocess,
        IReadOnlyList<string> baselineNames,
        bool validateEachEpoch,
        string? output,
        string? results,
        CancellationToken cancellationToken,
        string? label = null)
    {
        // Saving refuses a folder that is not empty: say so before training rather than after it.
        if (output is not null && Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            throw new ArgumentException($"--out: '{output}' exists and is not empty: choose a new folder, or remove that one (a checkpoint is never overwritten).");
        }

        set_num_threads(threads);
        var data = Workflow.Prepare(source, preprocess);
        AnsiConsole.MarkupLine($"[grey]GRU parameters: {Markup.Escape(System.Text.Json.JsonSerializer.Serialize(options, Checkpoint.JsonOptions).ReplaceLineEndings(" "))}[/]");
        var (model, history) = qLearning is null
            ? Workflow.Train(data, options, device, validateEachEpoch, cancellationToken)
            : TrainQLearning(data, options, qLearning, diversityCheckpoint, device, validateEachEpoch, cancellationToken);
        using (model)
        {
            model.Name = label ?? model.Kind switch { "sqn" => "SQN", "smorl" => "SMORL", _ => "GRU4Rec" };
            var evaluationOptions = new EvaluationOptions { FusedScoring = new FusedScorerOptions { Threads = threads } };
            var evaluator = new Evaluator(evaluationOptions);
            var beyond = BeyondAccuracySetup.For(data, source, model);
            var reports = new List<EvaluationReport> { evaluator.Evaluate(model, data.Test, beyond, cancellationToken) };
            reports.AddRange(Workflow.Baselines(data.Train, baselineNames).Select(b => evaluator.Evaluate(b, data.Test, beyond, cancellationToken)));

            var settings = new EvaluationSettings(evaluationOptions.RankingRule.ToString().ToLowerInvariant(), evaluationOptions.BatchSize, [.. evaluationOptions.Cutoffs]);
            var staging = output ?? Path.Combine("runs", model.Kind + "-" + DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            var manifest = Checkpoint.Save(
                staging, model, Workflow.DataInfoOf(source, data), history, Workflow.MetricsOf(reports[0]), settings, label, source.Logs.ReadItemCategories());
            results ??= staging;
            ResultsWriter.Write($"Next-item prediction, whole catalog ({data.Test.TargetCount:N0} targets, {data.Train.ItemCount:N0} items)", source.Description, reports, results, "evaluation");
            TrainingChart.Save(Path.Combine(results, "training.png"), $"{model.Name} on {Path.GetFileName(source.Spec.TrimEnd('/'))}", history);
            AnsiConsole.MarkupLine($"Checkpoint [green]{Markup.Escape(manifest.VersionId)}[/] saved to {Markup.Escape(Path.GetFullPath(staging))}");
        }

        return 0;
    }

    private static (Gru4RecModel Model, List<EpochRecord> History) TrainQLearning(
        Models.Data.PreparedData data,
        Gru4RecOptions options,
        QLearningOptions qLearning,
        string? diversityCheckpoint,
        Device device,
        bool validateEachEpoch,
        CancellationToken cancellationToken)
    {
        if (qLearning.Objectives.Contains(QObjective.Diversity) && diversityCheckpoint is null)
        {
            throw new ArgumentException("--diversity-embedding: SMORL's diversity reward needs a checkpoint whose item embedding it uses (train a GRU4Rec first: " +
                "actorrec train --data <same data> --out runs/gru4rec, then add --diversity-embedding runs/gru4rec).");
        }

        using var frozen = diversityCheckpoint is null ? null : DiversityEmbedding(diversityCheckpoint, data, device);
        AnsiConsole.MarkupLine($"[grey]Q-learning parameters: {Markup.Escape(System.Text.Json.JsonSerializer.Serialize(qLearning, Checkpoint.JsonOptions).ReplaceLineEndings(" "))}[/]");
        return Workflow.Train(
            data,
            qLearning.Kind.ToUpperInvariant(),
            (progress, onEpoch) => new QLearningTrainer(options, qLearning, device).Train(data.Train, frozen, progress, onEpoch, cancellationToken),
            validateEachEpoch,
            cancellationToken);
    }

    private static Tensor DiversityEmbedding(string checkpoint, Models.Data.PreparedData data, Device device)
    {
        var (source, _) = Gru4RecCheckpoint.Load(checkpoint);
        using (source)
        {
            var vectors = ItemVectors.Aligned(source, data.Vocabulary);
            if (vectors.Matched < data.Vocabulary.Count)
            {
                AnsiConsole.MarkupLine($"[yellow]--diversity-embedding knows {vectors.Matched:N0} of {data.Vocabulary.Count:N0} training items; the rest earn no diversity reward.[/]");
            }

            return vectors.ToTensor(device);
        }
    }
}
