namespace ActorRec.Models.Scoring;

/// <summary>
/// The item side of a dot-product scoring head, copied to the host as float32: score(q, i) = q · Weights[i] + Bias[i].
/// </summary>
/// <remarks>
/// A plain copy rather than a view of the model's tensors so that a scorer built from it does not depend on libtorch,
/// the device the model lives on, or the model staying alive.
/// </remarks>
public sealed class ItemTable
{
    /// <param name="weights">Row-major [items, <paramref name="dimension"/>].</param>
    /// <param name="bias">One value per item.</param>
    /// <param name="dimension">Length of a query and of an item's weight row.</param>
    public ItemTable(float[] weights, float[] bias, int dimension)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (bias.Length < 1 || weights.Length != (long)bias.Length * dimension)
        {
            throw new ArgumentException(
                $"{weights.Length} weights do not make {bias.Length} item rows of dimension {dimension}; give [items * dimension] weights and one bias per item.",
                nameof(weights));
        }

        Weights = weights;
        Bias = bias;
        Dimension = dimension;
    }

    /// <summary>Row-major [<see cref="ItemCount"/>, <see cref="Dimension"/>].</summary>
    public float[] Weights { get; }

    /// <summary>[<see cref="ItemCount"/>].</summary>
    public float[] Bias { get; }

    public int Dimension { get; }

    public int ItemCount => Bias.Length;

    /// <summary>One item's weight row.</summary>
    public ReadOnlySpan<float> Row(int item) => Weights.AsSpan(item * Dimension, Dimension);
}
