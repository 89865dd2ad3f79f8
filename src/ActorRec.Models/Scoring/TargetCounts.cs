namespace ActorRec.Models.Scoring;

/// <summary>Per query row, a target's score and the number of items found to outrank it so far in one slice.</summary>
/// <param name="Scores">The targets' scores, as the scan computes them.</param>
/// <param name="Outranking">Items scoring above the target (at or above with <paramref name="CountTies"/>), added to by the scan.</param>
/// <param name="CountTies">Whether an equal score counts against the target (the target itself included).</param>
internal sealed record TargetCounts(float[] Scores, long[] Outranking, bool CountTies);
