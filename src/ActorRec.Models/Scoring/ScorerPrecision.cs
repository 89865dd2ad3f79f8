namespace ActorRec.Models.Scoring;

/// <summary>The precision of the item table a <see cref="FusedTopKScorer"/> scans.</summary>
public enum ScorerPrecision
{
    /// <summary>Scans the float32 table: the same top-k as the torch product, up to near-ties.</summary>
    Float32,

    /// <summary>
    /// Scans a bfloat16 copy (half the memory traffic) for the best candidates, then re-scores those in float32: the
    /// returned scores are exact, but an item whose rounded score falls out of the candidates is missed.
    /// </summary>
    BFloat16,
}
