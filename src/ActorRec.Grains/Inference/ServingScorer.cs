namespace ActorRec.Grains.Inference;

/// <summary>How a batch's scores become each session's top k.</summary>
public enum ServingScorer
{
    /// <summary>
    /// For a model whose scores are a dot product with an item table (GRU4Rec, SQN, SMORL): fused below
    /// <see cref="InferenceOptions.RetrievalMinItems"/> items, Ivf from there up. Torch for other models.
    /// </summary>
    Auto,

    /// <summary>libtorch: one product over the whole catalog per batch, then topk; every kind supports it.</summary>
    Torch,

    /// <summary>
    /// One pass over a blocked copy of the item table that keeps each row's best k as it goes, never materialising the
    /// batch x catalog scores. Refused at load for a model whose scores are not a dot product.
    /// </summary>
    Fused,

    /// <summary>
    /// Retrieval: an inverted-file index (k-means lists over the item table) picks the lists whose centroids score best
    /// for each session, and only their items are scanned, exactly. Approximate: an item in a list not scanned is missed
    /// (recall against the exact top k is in docs/benchmarks.md). The index comes with the checkpoint or is built at load.
    /// Refused at load for a model whose scores are not a dot product.
    /// </summary>
    Ivf,
}
