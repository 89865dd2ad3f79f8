namespace ActorRec.Models.Checkpoints;

/// <summary>The evaluation settings behind the metrics of a manifest.</summary>
public sealed record EvaluationSettings(string RankingRule, int BatchSize, IReadOnlyList<int> Cutoffs);
