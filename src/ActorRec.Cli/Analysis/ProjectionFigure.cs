namespace ActorRec.Cli.Analysis;

/// <summary>The embedding projection of one model and the PNG files drawn from it.</summary>
/// <param name="Model">The model's label.</param>
/// <param name="Projection">The projected items.</param>
/// <param name="ByPopularity">PNG coloured by log10(1 + training count).</param>
/// <param name="ByCategory">PNG coloured by category; null when the data has no categories for the model's items.</param>
internal sealed record ProjectionFigure(string Model, EmbeddingProjection Projection, string ByPopularity, string? ByCategory);
