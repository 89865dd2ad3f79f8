using System.Globalization;

namespace ActorRec.Cli.Analysis;

/// <summary>The metric comparison as four bar charts: accuracy, coverage, novelty and diversity, one bar per model and metric.</summary>
internal static class MetricCharts
{
    public const string AccuracyFile = "metrics-accuracy.png";
    public const string CoverageFile = "metrics-coverage.png";
    public const string NoveltyFile = "metrics-novelty.png";
    public const string DiversityFile = "metrics-diversity.png";

    /// <summary>Writes the charts into <paramref name="folder"/> and returns their paths in the order above.</summary>
    public static IReadOnlyList<string> Save(string folder, IReadOnlyList<ScorerMetrics> metrics, IReadOnlyList<int> cutoffs)
    {
        if (metrics.Count == 0)
        {
            return [];
        }

        var ks = cutoffs.Distinct().Order().ToArray();
        var k = metrics[0].BeyondAccuracy.K;
        string At(string name, int cutoff) => string.Create(CultureInfo.InvariantCulture, $"{name}@{cutoff}");

        var accuracy = Path.Combine(folder, AccuracyFile);
        GroupedBarChart.Save(
            accuracy,
            "Accuracy on the test set",
            "HR, MRR, NDCG",
            [.. ks.Select(c => At("HR", c)), .. ks.Select(c => At("MRR", c)), .. ks.Select(c => At("NDCG", c))],
            [.. metrics.Select(m => (m.Label, (double?[])[
                .. ks.Select(c => (double?)m.Accuracy.At(c).Recall),
                .. ks.Select(c => (double?)m.Accuracy.At(c).Mrr),
                .. ks.Select(c => (double?)m.Accuracy.At(c).Ndcg)]))]);

        var coverage = Path.Combine(folder, CoverageFile);
        GroupedBarChart.Save(
            coverage,
            string.Create(CultureInfo.InvariantCulture, $"Catalog coverage of the top-{k} lists"),
            "share",
            [At("coverage", k), At("long-tail coverage", k), At("long-tail share", k)],
            [.. metrics.Select(m => (m.Label, new double?[] { m.BeyondAccuracy.Coverage, m.BeyondAccuracy.LongTailCoverage, m.BeyondAccuracy.LongTailShare }))]);

        var novelty = Path.Combine(folder, NoveltyFile);
        GroupedBarChart.Save(
            novelty,
            "Novelty: mean self-information of recommended items",
            "bits",
            [At("novelty", k)],
            [.. metrics.Select(m => (m.Label, new double?[] { m.BeyondAccuracy.Novelty }))]);

        var diversity = Path.Combine(folder, DiversityFile);
        GroupedBarChart.Save(
            diversity,
            "Diversity within the lists",
            "diversity (0 to 1)",
            [At("embedding diversity", k), At("category diversity", k)],
            [.. metrics.Select(m => (m.Label, new double?[] { m.BeyondAccuracy.Diversity, m.BeyondAccuracy.CategoryDiversity }))]);

        return [accuracy, coverage, novelty, diversity];
    }
}
