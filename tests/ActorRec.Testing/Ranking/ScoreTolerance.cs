namespace ActorRec.Testing.Ranking;

/// <summary>
/// How far two computations of the same score may drift apart: <see cref="Relative"/> of the score, but at least
/// <see cref="Relative"/> itself for scores below one in magnitude. Float sums differ with the CPU, the BLAS kernel,
/// the thread count and the batch size; nothing else may move a score.
/// </summary>
/// <param name="Relative">The bound, relative to the larger magnitude of the two scores (absolute below 1).</param>
public readonly record struct ScoreTolerance(float Relative)
{
    /// <summary>
    /// The bound for a served or batched step against a single-row step of the same model: rounding differences grow
    /// with every step of the recurrence, to about 1e-5 of a score after some fifty steps; a wrong hidden state moves
    /// scores by tenths.
    /// </summary>
    public static ScoreTolerance Recurrent { get; } = new(1e-4f);

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> may be two computations of one score.</summary>
    public bool Same(float a, float b) =>
        a == b || Math.Abs(a - b) <= Relative * Math.Max(1f, Math.Max(Math.Abs(a), Math.Abs(b)));

    /// <summary>
    /// Whether two different items' scores are close enough that the drift of both may swap their order: each may
    /// move by the tolerance, so their gap may close by twice it.
    /// </summary>
    public bool MayReorder(float a, float b) =>
        a == b || Math.Abs(a - b) <= 2 * Relative * Math.Max(1f, Math.Max(Math.Abs(a), Math.Abs(b)));

    public override string ToString() => $"{Relative:G3} (relative, absolute below 1)";
}
