namespace ActorRec.Abstractions;

/// <summary>One recommended item and its model score (higher is better, comparable within one answer only).</summary>
/// <param name="ItemId">External item id.</param>
/// <param name="Score">Model score.</param>
[GenerateSerializer, Immutable]
[Alias("actorrec.ScoredItem")]
public readonly record struct ScoredItem(
    [property: Id(0)] string ItemId,
    [property: Id(1)] float Score);
