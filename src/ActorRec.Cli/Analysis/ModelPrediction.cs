namespace ActorRec.Cli.Analysis;

/// <summary>One model's answer to one <see cref="SessionSample"/>.</summary>
/// <param name="Model">The model's label.</param>
/// <param name="Top">The best items, best first; empty when the model knows none of the session's items.</param>
/// <param name="TargetRank">1 + the number of items scoring higher than the true next item; null when the model cannot rank it.</param>
/// <param name="TargetProbability">The probability of the true next item; null when the model cannot rank it.</param>
/// <param name="UnknownItems">Items of the session the model's vocabulary lacks; they are skipped, as evaluation skips them.</param>
internal sealed record ModelPrediction(string Model, IReadOnlyList<RankedItem> Top, long? TargetRank, double? TargetProbability, int UnknownItems)
{
    public bool Hit => TargetRank is { } rank && rank <= Top.Count;
}
