using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Scoring;
using ActorRec.Models.Sessions;
using static TorchSharp.torch;

namespace ActorRec.Benchmarks;

/// <summary>
/// Whole-catalog top-k four ways, side by side in one process: the torch path (addmm to [batch, items] scores, then
/// topk), the fused float32 scorer, the fused bfloat16 scan with float32 re-scoring, and inverted-file retrieval at a few
/// probe counts; over synthetic Zipf-like tables and, when given, a trained checkpoint's serving head. Variants alternate round by round, so that a noisy shared
/// machine slows them alike; medians are reported.
/// </summary>
internal static class KernelComparison
{
    public static int Run(IReadOnlyList<string> args)
    {
        var settings = KernelSettings.Parse(args);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"k = {settings.K}; {Environment.ProcessorCount} processors; Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}; times are medians in ms per batch.");
        foreach (var items in settings.Items)
        {
            var table = ZipfTable.Create(items, settings.Dimension, seed: items);
            var queries = ZipfTable.Queries(table, Math.Max(settings.RecallQueries, settings.Batches.Max()), seed: 1);
            Compare($"Zipf {items:N0} x {settings.Dimension}", table, queries, settings, report);
            Save(report, settings);
        }

        if (settings.Checkpoint is not null)
        {
            var (table, queries, name) = FromCheckpoint(settings);
            Compare(name, table, queries, settings, report);
            Save(report, settings);
        }

        Console.WriteLine(report);
        return 0;
    }

    // After every table, so that a long run that is stopped keeps what it measured.
    private static void Save(StringBuilder report, KernelSettings settings)
    {
        if (settings.Out is not null)
        {
            File.WriteAllText(settings.Out, report.ToString());
        }
    }

    private static void Compare(string name, ItemTable table, float[] queries, KernelSettings settings, StringBuilder report)
    {
        Console.Error.WriteLine($"{name}: building scorers");
        var d = table.Dimension;
        var k = settings.K;
        var exact = new FusedTopKScorer(table, new FusedScorerOptions { Threads = 1 });
        var reduced = settings.Candidates.Select(m => Reduced(table, m)).ToArray();
        var index = IvfIndex.Build(table, new IvfOptions { Lists = settings.Lists });
        var retrieval = settings.Probes.Select(p => Retrieval(table, index, p)).ToArray();
        Console.Error.WriteLine($"{name}: index of {index.ListCount:N0} lists built in {index.Seconds:F1} s");

        using var weights = tensor(table.Weights, [table.ItemCount, d]);
        using var bias = tensor(table.Bias, [1, table.ItemCount]);

        var recallRows = Math.Min(settings.RecallQueries, queries.Length / d);
        var recallQueries = queries.AsSpan(0, recallRows * d).ToArray();
        var truth = exact.TopK(recallQueries, k);
        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"### {name}").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Inverted-file index: {index.ListCount:N0} lists, built in {index.Seconds:F1} s ({Environment.ProcessorCount} threads).").AppendLine();
        report.Append(CultureInfo.InvariantCulture, $"Recall@{k} against the exact top {k} over {recallRows:N0} queries: torch path {Recall(truth, TorchTopK(weights, bias, recallQueries, recallRows, k)):F4}");
        var recalled = reduced.Cast<ITopKScorer>().Concat(settings.RecallCandidates.Select(m => Reduced(table, m)))
            .Concat(retrieval).Concat(settings.RecallProbes.Select(p => Retrieval(table, index, p)));
        foreach (var scorer in recalled)
        {
            report.Append(CultureInfo.InvariantCulture, $", {Label(scorer)} {Recall(truth, scorer.TopK(recallQueries, k)):F4}");
        }

        report.AppendLine(".").AppendLine();
        var variants = new List<ITopKScorer> { exact };
        variants.AddRange(reduced);
        variants.AddRange(retrieval);
        report.Append("| batch | threads | torch |").Append(string.Concat(variants.Select(v => $" {Label(v)} |")))
            .Append(string.Concat(variants.Select(v => $" torch / {Label(v)} |"))).AppendLine()
            .Append("|---|---|---|").Append(string.Concat(Enumerable.Repeat("---|", 2 * variants.Count))).AppendLine();
        foreach (var threads in settings.Threads)
        {
            set_num_threads(threads);
            exact.Options.Threads = threads;
            foreach (var scorer in reduced)
            {
                scorer.Options.Threads = threads;
            }

            foreach (var scorer in retrieval)
            {
                scorer.Options.Threads = threads;
            }

            foreach (var batch in settings.Batches)
            {
                var q = queries.AsSpan(0, batch * d).ToArray();
                var calls = new List<Func<int>> { () => TorchTopK(weights, bias, q, batch, k).Length };
                calls.AddRange(variants.Select(scorer => (Func<int>)(() => scorer.TopK(q, k).Length)));
                var medians = Alternate(calls, settings.Seconds);
                Console.Error.WriteLine($"{name}: batch {batch}, {threads} threads: {string.Join(" / ", medians.Select(m => m.ToString("F3", CultureInfo.InvariantCulture)))} ms");
                report.Append(CultureInfo.InvariantCulture, $"| {batch} | {threads} |");
                foreach (var median in medians)
                {
                    report.Append(CultureInfo.InvariantCulture, $" {median:G4} |");
                }

                foreach (var median in medians.Skip(1))
                {
                    report.Append(CultureInfo.InvariantCulture, $" {medians[0] / median:F2} |");
                }

                report.AppendLine();
            }
        }
    }

    private static string Label(ITopKScorer scorer) => scorer switch
    {
        FusedTopKScorer { Options.Precision: ScorerPrecision.BFloat16 } bf16 => $"bf16 M={bf16.Options.MinCandidates}",
        FusedTopKScorer => "fused fp32",
        IvfTopKScorer ivf => $"ivf P={ivf.Probes}",
        _ => scorer.Name,
    };

    private static IvfTopKScorer Retrieval(ItemTable table, IvfIndex index, int probes) =>
        new(table, index, new IvfOptions { Threads = 1, Probes = probes });

    // M = max(k, m) candidates whatever k is.
    private static FusedTopKScorer Reduced(ItemTable table, int m) =>
        new(table, new FusedScorerOptions { Threads = 1, Precision = ScorerPrecision.BFloat16, MinCandidates = m, CandidatesPerK = 1 });

    // One warm-up call each, then rounds of one call per variant until every variant has run for the budget.
    private static double[] Alternate(List<Func<int>> variants, double seconds)
    {
        foreach (var variant in variants)
        {
            variant();
        }

        var times = variants.Select(_ => new List<double>()).ToArray();
        var started = Stopwatch.StartNew();
        while (times[0].Count < 3 || (times[0].Count < 30 && started.Elapsed.TotalSeconds < seconds * variants.Count))
        {
            for (var v = 0; v < variants.Count; v++)
            {
                var start = Stopwatch.GetTimestamp();
                variants[v]();
                times[v].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        return [.. times.Select(Median)];
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }

    // The serving path: one addmm into [rows, items] scores, then topk; rows' item lists come back to the host.
    private static RankedItems[] TorchTopK(Tensor weights, Tensor bias, float[] queries, int rows, int k)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var scores = addmm(bias, tensor(queries, [rows, weights.shape[1]]), weights.t(), 1, 1);
        var (values, indices) = scores.topk(k, dim: 1);
        var items = indices.data<long>().ToArray();
        var top = values.data<float>().ToArray();
        return [.. Enumerable.Range(0, rows).Select(r => new RankedItems(
            [.. items.AsSpan(r * k, k).ToArray().Select(i => (int)i)], top.AsSpan(r * k, k).ToArray()))];
    }

    private static double Recall(RankedItems[] truth, RankedItems[] found)
    {
        double sum = 0;
        for (var row = 0; row < truth.Length; row++)
        {
            sum += truth[row].Items.Intersect(found[row].Items).Count() / (double)truth[row].Items.Length;
        }

        return sum / truth.Length;
    }

    // Queries are the hidden states after every prefix of the first test sessions, as the evaluator and serving see them.
    private static (ItemTable Table, float[] Queries, string Name) FromCheckpoint(KernelSettings settings)
    {
        var (model, manifest) = Checkpoint.Load(settings.Checkpoint!);
        using (model)
        {
            var head = DotProductHeads.Find(model) ?? throw new InvalidOperationException($"The {model.Kind} checkpoint's scores are not a dot product.");
            var test = BenchData.PrepareFor(model, settings.Data ?? throw new ArgumentException("--checkpoint needs --data."), settings.MinItemSupport).Test;
            var wanted = Math.Max(settings.RecallQueries, settings.Batches.Max()) * head.QueryDimension;
            var queries = new List<float>(wanted);
            using var noGrad = no_grad();
            for (var session = 0; session < test.SessionCount && queries.Count < wanted; session++)
            {
                using var scope = NewDisposeScope();
                var hidden = model.InitialHidden(1);
                foreach (var item in test.SessionItems(session))
                {
                    hidden = model.Advance(hidden, tensor(new long[] { item }));
                    queries.AddRange(head.Queries(hidden).contiguous().data<float>().ToArray());
                }
            }

            var table = head.ExportItemTable();
            return (table, [.. queries.Take(wanted)], $"{manifest.ModelKind} checkpoint, {table.ItemCount:N0} x {table.Dimension}");
        }
    }
}
