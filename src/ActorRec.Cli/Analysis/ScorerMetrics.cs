using ActorRec.Models.Evaluation;

namespace ActorRec.Cli.Analysis;

/// <summary>Accuracy and beyond-accuracy metrics of one model or baseline on the test set.</summary>
internal sealed record ScorerMetrics(string Label, EvaluationReport Accuracy, BeyondAccuracyReport BeyondAccuracy);
