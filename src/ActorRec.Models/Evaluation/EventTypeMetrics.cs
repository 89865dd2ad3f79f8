namespace ActorRec.Models.Evaluation;

/// <summary>Metrics restricted to targets of one event type.</summary>
public sealed record EventTypeMetrics(string EventType, long Targets, IReadOnlyList<MetricsAtK> Metrics);
