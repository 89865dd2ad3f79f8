namespace ActorRec.Abstractions;

/// <summary>A session grain's answer to an event or a query; also stored as the session's last answer for retries.</summary>
/// <param name="SessionId">The session (grain key) the answer belongs to.</param>
/// <param name="Seq">Seq of the latest event applied when the answer was computed; 0 for a session without events.</param>
/// <param name="Items">Recommended items, best first.</param>
/// <param name="ModelVersion">Version id of the model that produced the items; empty when no model produced them.</param>
/// <param name="UnknownItem">The event's item is not in the model's vocabulary, so the hidden state was left unchanged.</param>
/// <param name="Replayed">The session's state was rebuilt from its history under a new model version before answering.</param>
/// <param name="Duplicate">The event's seq had already been applied; this is the stored answer.</param>
/// <param name="BatchSize">Size of the inference batch that computed the items (0 when no inference ran).</param>
[GenerateSerializer]
[Alias("actorrec.SessionRecommendation")]
public sealed record SessionRecommendation(
    [property: Id(0)] string SessionId,
    [property: Id(1)] long Seq,
    [property: Id(2)] ScoredItem[] Items,
    [property: Id(3)] string ModelVersion,
    [property: Id(4)] bool UnknownItem,
    [property: Id(5)] bool Replayed,
    [property: Id(6)] bool Duplicate,
    [property: Id(7)] int BatchSize);
