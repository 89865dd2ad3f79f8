namespace ActorRec.Cli.Analysis;

/// <summary>One tabled item with its most similar items (best first) and least similar items (least similar first).</summary>
internal sealed record MirrorEntry(ItemInfo Query, IReadOnlyList<ItemNeighbour> MostSimilar, IReadOnlyList<ItemNeighbour> LeastSimilar);
