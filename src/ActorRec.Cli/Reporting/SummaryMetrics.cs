using ActorRec.Models.Evaluation;

namespace ActorRec.Cli.Reporting;

/// <summary>The named metrics of a report that summaries show: accuracy overall and per event type, then beyond-accuracy.</summary>
internal static class SummaryMetrics
{
    /// <summary>Metric rows for <paramref name="reports"/>: only metrics that at least one report has.</summary>
    public static IReadOnlyList<(string Name, Func<EvaluationReport, double?> Value)> For(IReadOnlyList<EvaluationReport> reports)
    {
        var cutoffs = reports.SelectMany(r => r.Metrics.Select(m => m.K)).Distinct().Order().Where(k => k >= 5).ToArray();
        var types = reports.SelectMany(r => r.ByEventType.Select(t => t.EventType)).Distinct().Order(StringComparer.Ordinal).ToArray();
        var rows = new List<(string, Func<EvaluationReport, double?>)>();
        foreach (var k in cutoffs)
        {
            rows.Add(($"HR@{k}", r => At(r.Metrics, k)?.Recall));
            rows.Add(($"MRR@{k}", r => At(r.Metrics, k)?.Mrr));
            rows.Add(($"NDCG@{k}", r => At(r.Metrics, k)?.Ndcg));
        }

        foreach (var type in types)
        {
            foreach (var k in cutoffs)
            {
                rows.Add(($"HR@{k} {type}", r => At(ByType(r, type), k)?.Recall));
                rows.Add(($"NDCG@{k} {type}", r => At(ByType(r, type), k)?.Ndcg));
            }
        }

        if (reports.Any(r => r.BeyondAccuracy.Count > 0))
        {
            var top = reports.SelectMany(r => r.BeyondAccuracy.Select(b => b.K)).Max();
            rows.Add(($"Coverage@{top}", r => r.BeyondAt(top)?.Coverage));
            rows.Add(($"Long-tail coverage@{top}", r => r.BeyondAt(top)?.LongTailCoverage));
            rows.Add(($"Diversity@{top} (embedding)", r => r.BeyondAt(top)?.Diversity));
            rows.Add(($"Diversity@{top} (categories)", r => r.BeyondAt(top)?.CategoryDiversity));
            rows.Add(($"Novelty@{top} (bits)", r => r.BeyondAt(top)?.Novelty));
            rows.Add(($"Long-tail share@{top}", r => r.BeyondAt(top)?.LongTailShare));
            rows.Add(($"Repetitiveness@{top}", r => r.BeyondAt(top)?.Repetitiveness));
        }

        return rows;
    }

    private static IReadOnlyList<MetricsAtK> ByType(EvaluationReport report, string type) =>
        report.ByEventType.FirstOrDefault(t => t.EventType == type)?.Metrics ?? [];

    private static MetricsAtK? At(IReadOnlyList<MetricsAtK> metrics, int k) => metrics.FirstOrDefault(m => m.K == k);
}
