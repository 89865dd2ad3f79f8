namespace ActorRec.Testing.Ranking;

/// <summary>
/// The ranks a target may get when every score may drift by a <see cref="ScoreTolerance"/>: from
/// <see cref="Best"/> (every item tied with the target ranks below it) to <see cref="Worst"/> (every such item ranks
/// above it). Far from ties the two are equal.
/// </summary>
public readonly record struct RankBounds(int Best, int Worst)
{
    /// <summary>The bounds of <paramref name="target"/>'s rank among all of <paramref name="scores"/> (1 = best).</summary>
    public static RankBounds Of(ReadOnlySpan<float> scores, int target, ScoreTolerance tolerance)
    {
        var score = scores[target];
        int surelyAbove = 0, maybeAbove = 0;
        for (var j = 0; j < scores.Length; j++)
        {
            if (j == target)
            {
                continue;
            }

            var tied = tolerance.MayReorder(scores[j], score);
            surelyAbove += scores[j] > score && !tied ? 1 : 0;
            maybeAbove += scores[j] > score || tied ? 1 : 0;
        }

        return new RankBounds(1 + surelyAbove, 1 + maybeAbove);
    }

    /// <summary>Whether a list cut at <paramref name="k"/> may hold the target at <paramref name="rank"/> (null: not in the list).</summary>
    public bool Admits(int? rank, int k) => rank is { } r ? r <= k && Best <= r && r <= Worst : Worst > k;

    public override string ToString() => Best == Worst ? $"{Best}" : $"{Best}..{Worst}";
}
