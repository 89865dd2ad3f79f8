namespace ActorRec.Abstractions;

/// <summary>One page of a catalogue search.</summary>
/// <param name="ItemIds">External item ids, in vocabulary order.</param>
/// <param name="TotalMatches">Items of the whole vocabulary that match the query.</param>
/// <param name="ModelVersion">The version whose vocabulary was searched.</param>
/// <param name="ItemCount">Size of that vocabulary.</param>
/// <param name="Categories">Each item's category, parallel to <paramref name="ItemIds"/>; empty where it has none.</param>
[GenerateSerializer, Immutable]
[Alias("actorrec.CatalogPage")]
public sealed record CatalogPage(
    [property: Id(0)] string[] ItemIds,
    [property: Id(1)] int TotalMatches,
    [property: Id(2)] string ModelVersion,
    [property: Id(3)] int ItemCount,
    [property: Id(4)] string[] Categories);
