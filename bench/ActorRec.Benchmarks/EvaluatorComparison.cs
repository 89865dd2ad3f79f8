using System.Globalization;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Scoring;
using ActorRec.Models.Sessions;

namespace ActorRec.Benchmarks;

/// <summary>
/// `evaluator --checkpoint DIR|--untrained-layers N --data NAME|FOLDER [--min-item-support N] [--threads N] [--rule standard|conservative]`:
/// evaluates a checkpoint (or a freshly initialised GRU4Rec of that width, to time a catalog without training one) on its
/// test set with the torch path and with fused scoring, fused first, and prints both metric tables, the seconds each
/// took and how many target ranks differ.
/// </summary>
internal static class EvaluatorComparison
{
    public static int Run(IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        var data = options.GetValueOrDefault("--data") ?? throw new ArgumentException("--data is required.");
        var threads = int.Parse(options.GetValueOrDefault("--threads", "1"), CultureInfo.InvariantCulture);
        var rule = Enum.Parse<RankingRule>(options.GetValueOrDefault("--rule", "standard"), ignoreCase: true);
        var support = int.Parse(options.GetValueOrDefault("--min-item-support", "1"), CultureInfo.InvariantCulture);

        var (model, version) = options.GetValueOrDefault("--checkpoint") is { } checkpoint
            ? Loaded(checkpoint)
            : Untrained(data, support, int.Parse(options.GetValueOrDefault("--untrained-layers") ?? throw new ArgumentException("--checkpoint or --untrained-layers is required."), CultureInfo.InvariantCulture));
        using (model)
        {
            var prepared = BenchData.PrepareFor(model, data, support);
            TorchSharp.torch.set_num_threads(threads);
            EvaluationReport Evaluate(FusedScorerOptions? fused) =>
                new Evaluator(new EvaluationOptions { RankingRule = rule, RecordRanks = true, FusedScoring = fused }).Evaluate(model, prepared.Test);

            var fused = Evaluate(new FusedScorerOptions { Threads = threads });
            var torch = Evaluate(null);
            Console.WriteLine($"{model.Kind} {version} on {data}: {torch.Targets:N0} targets, {model.ItemCount:N0} items, hidden {model.HiddenSize}, {threads} thread(s), {rule} ranking");
            Console.WriteLine();
            Console.WriteLine("| k | Recall torch | Recall fused | MRR torch | MRR fused | NDCG torch | NDCG fused | Coverage torch | Coverage fused |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var (t, f) in torch.Metrics.Zip(fused.Metrics))
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {t.K} | {t.Recall:F4} | {f.Recall:F4} | {t.Mrr:F4} | {f.Mrr:F4} | {t.Ndcg:F4} | {f.Ndcg:F4} | {t.Coverage:F4} | {f.Coverage:F4} |"));
            }

            var differing = torch.Ranks!.Zip(fused.Ranks!).Count(pair => pair.First != pair.Second);
            Console.WriteLine();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Seconds: torch {torch.Seconds:F1}, fused {fused.Seconds:F1} (torch / fused {torch.Seconds / fused.Seconds:F2}); target ranks that differ: {differing} of {torch.Targets:N0}."));
        }

        return 0;
    }

    private static (ISessionModel Model, string Version) Loaded(string checkpoint)
    {
        var (model, manifest) = Checkpoint.Load(checkpoint);
        return (model, manifest.VersionId);
    }

    private static (ISessionModel Model, string Version) Untrained(string data, int support, int layers)
    {
        var vocabulary = BenchData.Prepare(data, support).Vocabulary;
        return (Gru4RecModel.Create(vocabulary, new Gru4RecOptions { Layers = [layers] }, TorchSharp.torch.CPU, seed: 1), $"untrained ({layers})");
    }
}
