using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;

namespace ActorRec.Cli.Analysis;

/// <summary>A model or baseline in the metric comparison, with the vocabulary its item indices belong to.</summary>
internal sealed record ComparedScorer(string Label, INextItemScorer Scorer, ItemVocabulary Vocabulary);
