namespace ActorRec.Abstractions;

/// <summary>
/// Live accuracy of one model version over the window: of the clicks that followed an answer this version served
/// (the session's previous click's), how many were among its top K, and their reciprocal ranks.
/// </summary>
/// <param name="ModelVersion">The version that served the previous answer.</param>
/// <param name="Events">Clicks that followed an answer of this version (a session's first click follows none).</param>
/// <param name="Hits">Those whose item was among the first K items served.</param>
/// <param name="ReciprocalRankSum">Sum of 1/rank over the hits (rank 1 = first served item); misses add 0.</param>
[GenerateSerializer, Immutable]
[Alias("actorrec.OnlineVersionMetrics")]
public sealed record OnlineVersionMetrics(
    [property: Id(0)] string ModelVersion,
    [property: Id(1)] long Events,
    [property: Id(2)] long Hits,
    [property: Id(3)] double ReciprocalRankSum)
{
    /// <summary>Online HitRate@K: <see cref="Hits"/> / <see cref="Events"/>; 0 without events.</summary>
    public double HitRate => Events == 0 ? 0 : (double)Hits / Events;

    /// <summary>Online MRR@K: <see cref="ReciprocalRankSum"/> / <see cref="Events"/>; 0 without events.</summary>
    public double Mrr => Events == 0 ? 0 : ReciprocalRankSum / Events;
}
