using ActorRec.Models.Data;
using ActorRec.Models.Sessions;

namespace ActorRec.Cli.Analysis;

/// <summary>A model's item vectors copied to the host, row-major [items, dimension] in the order of <see cref="Vocabulary"/>.</summary>
internal sealed class ItemEmbeddingMatrix
{
    private double[]? _norms;

    public ItemEmbeddingMatrix(ItemVocabulary vocabulary, float[] values, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (values.Length != (long)vocabulary.Count * dimension)
        {
            throw new ArgumentException($"{values.Length} values are not {vocabulary.Count} items x {dimension}.", nameof(values));
        }

        Vocabulary = vocabulary;
        Values = values;
        Dimension = dimension;
    }

    public ItemVocabulary Vocabulary { get; }

    public float[] Values { get; }

    public int Dimension { get; }

    public int Count => Vocabulary.Count;

    /// <summary>The vectors that define item similarity in the model (<see cref="IItemEmbeddingSource.ItemEmbedding"/>).</summary>
    public static ItemEmbeddingMatrix Of(ISessionModel model)
    {
        var vectors = ItemVectors.Aligned(model, model.Vocabulary);
        return new ItemEmbeddingMatrix(model.Vocabulary, vectors.Values, vectors.Dimension);
    }

    public ReadOnlySpan<float> Row(int index) => Values.AsSpan(index * Dimension, Dimension);

    /// <summary>Cosine similarity of item <paramref name="index"/> with every item; a zero vector has similarity 0 with everything.</summary>
    public double[] CosineSimilarities(int index)
    {
        var norms = Norms();
        var query = Row(index);
        var similarities = new double[Count];
        for (var item = 0; item < Count; item++)
        {
            var row = Row(item);
            double dot = 0;
            for (var d = 0; d < Dimension; d++)
            {
                dot += (double)query[d] * row[d];
            }

            var scale = norms[index] * norms[item];
            similarities[item] = scale == 0 ? 0 : dot / scale;
        }

        return similarities;
    }

    private double[] Norms()
    {
        if (_norms is not null)
        {
            return _norms;
        }

        var norms = new double[Count];
        for (var item = 0; item < Count; item++)
        {
            double squares = 0;
            foreach (var value in Row(item))
            {
                squares += (double)value * value;
            }

            norms[item] = Math.Sqrt(squares);
        }

        return _norms = norms;
    }
}
