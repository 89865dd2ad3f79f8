namespace ActorRec.Grains.Inference;

/// <summary>One recurrent step for one session: feed an item to a hidden state and score the catalogue.</summary>
/// <remarks>
/// Immutable by contract: <see cref="SiloInference"/> keeps the arrays without copying them, so the caller hands them
/// over and must not change them afterwards.
/// </remarks>
/// <param name="Hidden">The session's hidden state (all layers flattened); null or empty starts from the model's initial state.</param>
/// <param name="ModelVersion">Model version that produced <paramref name="Hidden"/>; null for a fresh session. A state from another version than the active one is not reused: the reply says so and the caller replays its history.</param>
/// <param name="ItemId">External id of the item to feed; null only scores the current state without a step.</param>
/// <param name="K">Number of items to return, 1..Serving:MaxK (checked by the API).</param>
/// <param name="ExcludeItemIds">External ids that must not be returned (the session's history when excluding seen items).</param>
internal sealed record InferenceCall(
    float[]? Hidden,
    string? ModelVersion,
    string? ItemId,
    int K,
    string[] ExcludeItemIds);
