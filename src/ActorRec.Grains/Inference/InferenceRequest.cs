namespace ActorRec.Grains.Inference;

/// <summary>One session step for the batching engine; the engine reads the arrays and never changes them.</summary>
/// <param name="Hidden">The session's hidden state, all layers flattened in layer order; null or empty for a fresh session (zeros).</param>
/// <param name="ModelVersion">
/// The version whose vocabulary the indices and whose network <paramref name="Hidden"/> come from. When set and not the
/// active version, the request fails with <see cref="ModelVersionMismatchException"/> instead of mixing models;
/// null or empty only for a fresh session, whose indices are then read in the active vocabulary.
/// </param>
/// <param name="ItemIndex">Vocabulary index of the item to feed, or <see cref="NoItem"/> to score the state as it is.</param>
/// <param name="K">Items to return, at least 1; fewer come back when the catalogue minus the exclusions is smaller.</param>
/// <param name="Exclude">Vocabulary indices that must not be returned; may be empty.</param>
public sealed record InferenceRequest(float[]? Hidden, string? ModelVersion, int ItemIndex, int K, int[] Exclude)
{
    /// <summary>The <see cref="ItemIndex"/> of a request that only scores the given state.</summary>
    public const int NoItem = -1;
}
