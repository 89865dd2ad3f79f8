namespace ActorRec.Models.Evaluation;

/// <summary>The result of evaluating one scorer on one test set.</summary>
public sealed class EvaluationReport
{
    public required string Model { get; init; }

    /// <summary>"standard" (1 + items scoring strictly higher) or "conservative" (ties count against the target).</summary>
    public required string RankingRule { get; init; }

    public required long Targets { get; init; }

    public required IReadOnlyList<MetricsAtK> Metrics { get; init; }

    /// <summary>Per event type of the target; empty when the data has a single type.</summary>
    public IReadOnlyList<EventTypeMetrics> ByEventType { get; init; } = [];

    public double Seconds { get; init; }

    public double TargetsPerSecond => Seconds > 0 ? Targets / Seconds : 0;

    public MetricsAtK At(int k) => Metrics.FirstOrDefault(m => m.K == k) ?? throw new KeyNotFoundException($"No metrics at k={k}.");
}
