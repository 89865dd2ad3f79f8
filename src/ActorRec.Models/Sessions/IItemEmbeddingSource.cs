using static TorchSharp.torch;

namespace ActorRec.Models.Sessions;

/// <summary>
/// A session model whose items have learned vectors that define item similarity: what analysis (neighbours, PCA) and
/// the embedding-diversity metric read. Kinds without such vectors simply do not implement it.
/// </summary>
public interface IItemEmbeddingSource
{
    /// <summary>The item vectors [items, dimension] in the order of the model's vocabulary, on the model's device.</summary>
    Tensor ItemEmbedding { get; }
}
