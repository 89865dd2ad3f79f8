namespace ActorRec.Cli.Analysis;

/// <summary>A recommended item and the probability the model gives it (softmax of its scores over the whole catalog).</summary>
internal sealed record RankedItem(ItemInfo Item, double Probability);
