using System.Globalization;
using ActorRec.Cli.Reporting;
using ActorRec.Models.Baselines;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Training;
using Spectre.Console;
using static TorchSharp.torch;

namespace ActorRec.Cli;

/// <summary>The steps shared by the commands: load and preprocess data, train, evaluate, save.</summary>
internal static class Workflow
{
    public static PreparedData Prepare(DataSource source, PreprocessOptions preprocess)
    {
        AnsiConsole.MarkupLine(source.IsSynthetic
            ? $"[yellow]Data:[/] {Markup.Escape(source.Description)} [grey](no real data set found or chosen)[/]"
            : $"[green]Data:[/] {Markup.Escape(source.Description)}");
        var prepared = new Preprocessor(preprocess).Prepare(source.Logs);
        foreach (var (file, count) in prepared.Statistics.MalformedRows.Where(m => m.Value > 0))
        {
            AnsiConsole.MarkupLine($"[yellow]{count:N0} malformed rows skipped in {Markup.Escape(file)}[/]");
        }

        foreach (var log in new[] { source.Logs.Train, source.Logs.Test }.OfType<ClickLog>())
        {
            foreach (var row in log.MalformedRows.Take(5))
            {
                AnsiConsole.MarkupLine($"[grey]  {Markup.Escape(log.Source)}:{row.LineNumber}: {Markup.Escape(row.Reason)}[/]");
            }
        }

        if (prepared.Train.SessionCount == 0)
        {
            // Training on nothing fails deep in the trainer with an index error; the cause is the data, so name it.
            throw new DataFileException(source.Logs.Train.Source, null, $"no training sessions are left after preprocessing (sessions shorter than {preprocess.MinSessionLength} events and items seen fewer than {preprocess.MinItemSupport} times are dropped; --min-item-support lowers the latter).");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Train: {prepared.Train.EventCount:N0} events, {prepared.Train.SessionCount:N0} sessions, {prepared.Train.ItemCount:N0} items; " +
            $"test: {prepared.Test.EventCount:N0} events, {prepared.Test.SessionCount:N0} sessions, {prepared.Test.TargetCount:N0} targets"));
        return prepared;
    }

    /// <summary>Trains GRU4Rec, recording per-epoch loss and (optionally) held-out Recall@20 / MRR@20.</summary>
    public static (Gru4RecModel Model, List<EpochRecord> History) Train(
        PreparedData data, Gru4RecOptions options, Device device, bool validateEachEpoch, CancellationToken cancellationToken) =>
        Train(data, "GRU4Rec", (progress, onEpoch) => new Gru4RecTrainer(options, device).Train(data.Train, progress, onEpoch, cancellationToken), validateEachEpoch, cancellationToken);

    /// <summary>Runs <paramref name="train"/> under a progress display, recording per-epoch loss and (optionally) held-out Recall@20 / MRR@20.</summary>
    public static (Gru4RecModel Model, List<EpochRecord> History) Train(
        PreparedData data,
        string label,
        Func<IProgress<TrainingProgress>, Action<EpochResult, Gru4RecModel>, Gru4RecModel> train,
        bool validateEachEpoch,
        CancellationToken cancellationToken)
    {
        var history = new List<EpochRecord>();
        var evaluator = new Evaluator(new EvaluationOptions { Cutoffs = [20] });
        var model = ConsoleProgress.Run(label, progress => train(
            progress,
            (epoch, model) =>
            {
                double? recall = null, mrr = null;
                if (validateEachEpoch && data.Test.TargetCount > 0)
                {
                    var at20 = evaluator.Evaluate(model, data.Test, cancellationToken).At(20);
                    (recall, mrr) = (at20.Recall, at20.Mrr);
                }

                history.Add(new EpochRecord(epoch.Epoch, epoch.MeanLoss, epoch.Seconds, epoch.TargetsPerSecond, recall, mrr));
            }));
        foreach (var h in history)
        {
            var validation = h.ValidationRecall20 is null ? "" : string.Create(CultureInfo.InvariantCulture, $" | held-out Recall@20 {h.ValidationRecall20:F4} MRR@20 {h.ValidationMrr20:F4}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {h.Epoch}: loss {h.MeanLoss:F4}, {h.Seconds:F1} s, {h.TargetsPerSecond:N0} events/s{validation}"));
        }

        return (model, history);
    }

    public static IEnumerable<INextItemScorer> Baselines(SessionDataset train, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            yield return name.ToLowerInvariant() switch
            {
                "pop" or "popularity" or "most-popular" => new MostPopularScorer(train),
                "transitions" or "item-to-item" or "i2i" => new ItemTransitionScorer(train),
                _ => throw new ArgumentException($"--baselines: unknown baseline '{name}' (pop, transitions)."),
            };
        }
    }

    public static DataInfo DataInfoOf(DataSource source, PreparedData data) =>
        new(data.Fingerprint(), source.Spec, data.Train.EventCount, data.Train.SessionCount, data.Test.EventCount, data.Test.SessionCount);

    public static Dictionary<string, double> MetricsOf(EvaluationReport report)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var m in report.Metrics)
        {
            metrics[$"recall@{m.K}"] = m.Recall;
            metrics[$"mrr@{m.K}"] = m.Mrr;
            metrics[$"ndcg@{m.K}"] = m.Ndcg;
            if (m.Coverage is { } coverage)
            {
                metrics[$"coverage@{m.K}"] = coverage;
            }
        }

        return metrics;
    }

    public static Device ParseDevice(string device) => device.ToLowerInvariant() switch
    {
        "cpu" => CPU,
        "cuda" or "gpu" => cuda.is_available() ? CUDA : throw NoCuda(device),
        "auto" => cuda.is_available() ? CUDA : CPU,
        var indexed when indexed.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(indexed[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) =>
            n < cuda.device_count() ? TorchSharp.torch.device(indexed) : throw NoCuda(device),
        _ => throw new ArgumentException($"--device: '{device}' is not cpu, cuda, cuda:N or auto."),
    };

    // TorchSharp finds no CUDA both on a build with the CPU-only backend and on a machine without a usable GPU.
    private static ArgumentException NoCuda(string device) => new(
        $"--device: '{device}' asks for CUDA, but TorchSharp found {cuda.device_count()} CUDA device(s) (a CPU-only build, or no usable GPU): " +
        "use --device auto or cpu, or build with -p:TorchSharpBackend=TorchSharp-cuda-linux on a machine with an NVIDIA GPU.");
}
