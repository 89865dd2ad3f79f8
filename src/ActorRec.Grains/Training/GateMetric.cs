using System.Globalization;
using ActorRec.Models.Evaluation;

namespace ActorRec.Grains.Training;

/// <summary>A metric the quality gate can compare, parsed from its name ("recall@20", "mrr@20", "ndcg@10").</summary>
internal sealed record GateMetric(string Kind, int K)
{
    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Kind}@{K}");

    /// <summary>Parses a name that <see cref="TrainingOptions.GateMetric"/>'s validation accepted.</summary>
    public static GateMetric Parse(string name)
    {
        var parts = name.Split('@');
        if (parts.Length != 2 || parts[0] is not ("recall" or "mrr" or "ndcg")
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k < 1)
        {
            throw new FormatException($"'{name}' is not a gate metric: expected recall@k, mrr@k or ndcg@k.");
        }

        return new GateMetric(parts[0], k);
    }

    /// <summary>Every metric the report holds, by name, as recorded in decisions and manifests.</summary>
    public static Dictionary<string, double> All(EvaluationReport report)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var m in report.Metrics)
        {
            metrics[string.Create(CultureInfo.InvariantCulture, $"recall@{m.K}")] = m.Recall;
            metrics[string.Create(CultureInfo.InvariantCulture, $"mrr@{m.K}")] = m.Mrr;
            metrics[string.Create(CultureInfo.InvariantCulture, $"ndcg@{m.K}")] = m.Ndcg;
        }

        return metrics;
    }

    public double Read(EvaluationReport report)
    {
        var at = report.At(K);
        return Kind switch
        {
            "recall" => at.Recall,
            "mrr" => at.Mrr,
            _ => at.Ndcg,
        };
    }
}
