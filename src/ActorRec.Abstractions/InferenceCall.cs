namespace ActorRec.Abstractions;

/// <summary>One recurrent step for one session: feed an item to a hidden state and score the catalogue.</summary>
/// <remarks>
/// Immutable by contract so that Orleans passes it to the silo-local inference worker without a deep copy:
/// the caller hands the arrays over and must not change them afterwards.
/// </remarks>
/// <param name="Hidden">The session's hidden state (all layers flattened); null or empty starts from the model's initial state.</param>
/// <param name="ModelVersion">Model version that produced <paramref name="Hidden"/>; null for a fresh session. A state from another version than the active one is not reused: the reply says so and the caller replays its history.</param>
/// <param name="ItemId">External id of the item to feed; null only scores the current state without a step.</param>
/// <param name="K">Number of items to return, 1..Serving:MaxK (checked by the API).</param>
/// <param name="ExcludeItemIds">External ids that must not be returned (the session's history when excluding seen items).</param>
[GenerateSerializer, Immutable]
[Alias("actorrec.InferenceCall")]
public sealed record InferenceCall(
    [property: Id(0)] float[]? Hidden,
    [property: Id(1)] string? ModelVersion,
    [property: Id(2)] string? ItemId,
    [property: Id(3)] int K,
    [property: Id(4)] string[] ExcludeItemIds);
