namespace ActorRec.Grains.Inference;

/// <summary>How a batch's scores become each session's top k.</summary>
public enum ServingScorer
{
    /// <summary>Fused when the model's scores are a dot product with an item table (GRU4Rec, SQN, SMORL), torch otherwise.</summary>
    Auto,

    /// <summary>libtorch: one product over the whole catalog per batch, then topk; every kind supports it.</summary>
    Torch,

    /// <summary>
    /// One pass over a blocked copy of the item table that keeps each row's best k as it goes, never materialising the
    /// batch x catalog scores. Refused at load for a model whose scores are not a dot product.
    /// </summary>
    Fused,
}
