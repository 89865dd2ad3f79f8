namespace ActorRec.Cli.Analysis;

/// <summary>An item and its cosine similarity to the item it is listed for.</summary>
internal sealed record ItemNeighbour(ItemInfo Item, double Similarity);
