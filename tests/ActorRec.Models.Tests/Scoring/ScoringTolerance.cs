using ActorRec.Testing.Ranking;

namespace ActorRec.Models.Tests.Scoring;

/// <summary>How far two computations of one query-item product may drift apart.</summary>
internal static class ScoringTolerance
{
    /// <summary>
    /// One float32 dot product of at most a few hundred terms below one in magnitude, summed in another order (blocked
    /// BLAS, a vector kernel, float64): rounding moves such a score by about 1e-7 of its terms, fifty times less.
    /// </summary>
    public static ScoreTolerance Product { get; } = new(1e-5f);
}
