namespace ActorRec.Cli.Analysis;

/// <summary>A sampled test session with every model's prediction of its next item, side by side.</summary>
/// <param name="SessionId">The session's id in the data set.</param>
/// <param name="Items">The items before the target, in click order.</param>
/// <param name="Target">The item that really came next.</param>
/// <param name="Predictions">One per model, in the order the models were given.</param>
internal sealed record PredictionCase(string SessionId, IReadOnlyList<ItemInfo> Items, ItemInfo Target, IReadOnlyList<ModelPrediction> Predictions);
