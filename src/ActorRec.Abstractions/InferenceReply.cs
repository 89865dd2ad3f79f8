namespace ActorRec.Abstractions;

/// <summary>The outcome of an inference step or replay: the new hidden state and the top-k items it predicts.</summary>
/// <remarks>Immutable by contract, like <see cref="InferenceCall"/>: the receiver owns the arrays and the sender no longer touches them.</remarks>
/// <param name="Hidden">The hidden state after the step, all layers flattened; unchanged from the call for an unknown item.</param>
/// <param name="Items">Recommended items, best first, at most k.</param>
/// <param name="ModelVersion">Version id of the model that ran the step.</param>
/// <param name="UnknownItem">The item is not in the model's vocabulary; the hidden state was not advanced.</param>
/// <param name="BatchSize">Number of requests in the batch that computed this reply.</param>
/// <param name="VersionMismatch">The state was computed by another model version than the active one; nothing was computed.</param>
[GenerateSerializer, Immutable]
[Alias("actorrec.InferenceReply")]
public sealed record InferenceReply(
    [property: Id(0)] float[] Hidden,
    [property: Id(1)] ScoredItem[] Items,
    [property: Id(2)] string ModelVersion,
    [property: Id(3)] bool UnknownItem,
    [property: Id(4)] int BatchSize,
    [property: Id(5)] bool VersionMismatch = false);
