using ActorRec.Models.Data;
using static TorchSharp.torch;

namespace ActorRec.Models.Sessions;

/// <summary>A model's learned item vectors re-indexed by another vocabulary, matched by external item id.</summary>
/// <param name="Values">Row-major [items of the target vocabulary, <paramref name="Dimension"/>]; items the model does not know are zero rows.</param>
/// <param name="Dimension">Length of one vector.</param>
/// <param name="Matched">How many target items the model knows.</param>
public sealed record ItemVectors(float[] Values, int Dimension, int Matched)
{
    /// <summary>Copies <paramref name="model"/>'s <see cref="IItemEmbeddingSource.ItemEmbedding"/> into the order of <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentException">The model's kind has no item vectors.</exception>
    public static ItemVectors Aligned(ISessionModel model, ItemVocabulary target)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is not IItemEmbeddingSource withVectors)
        {
            throw new ArgumentException($"A {model.Kind} model has no item vectors; use one whose kind has them (gru4rec, sqn, smorl).", nameof(model));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var embedding = withVectors.ItemEmbedding.detach().to(CPU).to(float32).contiguous();
        var dimension = (int)embedding.shape[1];
        var source = embedding.data<float>().ToArray();
        var values = new float[target.Count * dimension];
        var matched = 0;
        for (var item = 0; item < target.Count; item++)
        {
            if (model.Vocabulary.TryGetIndex(target[item], out var row))
            {
                Array.Copy(source, row * dimension, values, item * dimension, dimension);
                matched++;
            }
        }

        return new ItemVectors(values, dimension, matched);
    }

    /// <summary>The vectors as a [items, dimension] tensor (the caller owns it).</summary>
    public Tensor ToTensor(Device? device = null) => tensor(Values, device: device ?? CPU).view(Values.Length / Dimension, Dimension);
}
