namespace ActorRec.Models.Scoring;

/// <summary>One row's best items, best first (ties by lower index), and their scores.</summary>
/// <param name="Items">Item indices; fewer than k when the catalog minus the row's exclusions is smaller.</param>
/// <param name="Scores">Their float32 scores, in the same order.</param>
public sealed record RankedItems(int[] Items, float[] Scores);
