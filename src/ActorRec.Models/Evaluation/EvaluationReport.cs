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

    /// <summary>Wall-clock seconds of the run, scorer included.</summary>
    public double Seconds { get; init; }

    /// <summary>
    /// With <see cref="EvaluationOptions.RecordRanks"/>: the rank of every target indexed by its event index in the test set
    /// (0 for session starts), so runs with different batch sizes or models compare element by element.
    /// </summary>
    public int[]? Ranks { get; init; }

    /// <summary>With <see cref="EvaluationOptions.RecordTopK"/>: the top-k list of every target, indexed like <see cref="Ranks"/>.</summary>
    public TopKLists? TopK { get; init; }

    /// <summary>Coverage, novelty, diversity and repetitiveness at every cutoff, when they were asked for; else empty.</summary>
    public IReadOnlyList<BeyondAccuracyReport> BeyondAccuracy { get; init; } = [];

    public double TargetsPerSecond => Seconds > 0 ? Targets / Seconds : 0;

    public MetricsAtK At(int k) => Metrics.FirstOrDefault(m => m.K == k) ?? throw new KeyNotFoundException($"No metrics at k={k}.");

    /// <summary>Looks up the beyond-accuracy metrics at cutoff <paramref name="k"/>, or null when they were not measured.</summary>
    public BeyondAccuracyReport? BeyondAt(int k) => BeyondAccuracy.FirstOrDefault(b => b.K == k);

    /// <summary>This report with <paramref name="beyondAccuracy"/> added, and its top-k lists only when <paramref name="keepTopK"/>.</summary>
    internal EvaluationReport WithBeyondAccuracy(IReadOnlyList<BeyondAccuracyReport> beyondAccuracy, bool keepTopK) => new()
    {
        Model = Model,
        RankingRule = RankingRule,
        Targets = Targets,
        Metrics = Metrics,
        ByEventType = ByEventType,
        Seconds = Seconds,
        Ranks = Ranks,
        TopK = keepTopK ? TopK : null,
        BeyondAccuracy = beyondAccuracy,
    };
}
