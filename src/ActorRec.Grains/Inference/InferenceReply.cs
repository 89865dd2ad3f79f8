using ActorRec.Abstractions;

namespace ActorRec.Grains.Inference;

/// <summary>The outcome of an inference step or replay: the new hidden state and the top-k items it predicts.</summary>
/// <remarks>Immutable by contract, like <see cref="InferenceCall"/>: the receiver owns the arrays and the sender no longer touches them.</remarks>
/// <param name="Hidden">The hidden state after the step, all layers flattened; unchanged from the call for an unknown item.</param>
/// <param name="Items">Recommended items, best first, at most k.</param>
/// <param name="ModelVersion">Version id of the model that ran the step.</param>
/// <param name="UnknownItem">The item is not in the model's vocabulary; the hidden state was not advanced.</param>
/// <param name="BatchSize">Number of requests in the batch that computed this reply.</param>
/// <param name="VersionMismatch">The state was computed by another model version than the active one; nothing was computed.</param>
internal sealed record InferenceReply(
    float[] Hidden,
    ScoredItem[] Items,
    string ModelVersion,
    bool UnknownItem,
    int BatchSize,
    bool VersionMismatch = false);
