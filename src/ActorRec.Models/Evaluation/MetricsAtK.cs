namespace ActorRec.Models.Evaluation;

/// <summary>Accuracy metrics at one cutoff k.</summary>
/// <param name="K">The cutoff.</param>
/// <param name="Recall">Share of targets ranked within k (equals HitRate@k for one target per event).</param>
/// <param name="Mrr">Mean of 1/rank over targets, 0 when rank > k.</param>
/// <param name="Ndcg">Mean of 1/log2(rank + 1) over targets, 0 when rank > k.</param>
/// <param name="Coverage">Share of the catalog that appears in any top-k list; null where not measured (per event type).</param>
public sealed record MetricsAtK(int K, double Recall, double Mrr, double Ndcg, double? Coverage);
