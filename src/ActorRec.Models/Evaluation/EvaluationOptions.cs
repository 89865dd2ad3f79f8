using System.ComponentModel.DataAnnotations;
using ActorRec.Models.Scoring;

namespace ActorRec.Models.Evaluation;

/// <summary>Settings of a next-item evaluation run.</summary>
public sealed class EvaluationOptions
{
    public const string SectionName = "Evaluation";

    /// <summary>The cutoffs k of Recall@k, MRR@k, NDCG@k and Coverage@k; default 1, 5, 10, 20.</summary>
    [MinLength(1)]
    public IReadOnlyList<int> Cutoffs { get; set; } = [1, 5, 10, 20];

    /// <summary>Number of sessions scored in parallel (slots); default 512. Results do not depend on it.</summary>
    [Range(1, int.MaxValue)]
    public int BatchSize { get; set; } = 512;

    public RankingRule RankingRule { get; set; } = RankingRule.Standard;

    /// <summary>Keep the rank of every target in <see cref="EvaluationReport.Ranks"/>, for paired significance tests.</summary>
    public bool RecordRanks { get; set; }

    /// <summary>Keep the top-k list of every target in <see cref="EvaluationReport.TopK"/>, for beyond-accuracy metrics.</summary>
    public bool RecordTopK { get; set; }

    /// <summary>
    /// When set, a session model on the CPU whose scores are a dot product (<see cref="Sessions.IDotProductHead"/>) is
    /// ranked by the fused scorer with these settings, which never forms the [slots, catalog] score matrix (3.4x faster on
    /// diginetica, docs/benchmarks.md); other scorers, models on a GPU and reduced precision keep the torch path. Null
    /// scores every model with torch. Default: fused float32 on all processors. The metrics are the same up to
    /// near-ties. Retrieval is never used here: a target's rank needs every item's score.
    /// </summary>
    public FusedScorerOptions? FusedScoring { get; set; } = new();

    /// <summary>
    /// Most score elements compared at once when counting the items that outrank each target; the default (128 MB of
    /// float32) takes a 512-slot step over catalogs up to 65k items in one pass and bounds the buffer for larger ones.
    /// Tests shrink it to exercise chunk boundaries.
    /// </summary>
    internal long CompareChunkElements { get; init; } = 1 << 25;
}
