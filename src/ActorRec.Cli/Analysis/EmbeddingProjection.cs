using static TorchSharp.torch;

namespace ActorRec.Cli.Analysis;

/// <summary>Item vectors projected onto their first two principal components, in the order of the embedding's vocabulary.</summary>
/// <param name="X">Coordinate on the first principal component.</param>
/// <param name="Y">Coordinate on the second principal component.</param>
/// <param name="ExplainedX">Share of the total variance along the first component.</param>
/// <param name="ExplainedY">Share of the total variance along the second component.</param>
internal sealed record EmbeddingProjection(double[] X, double[] Y, double ExplainedX, double ExplainedY)
{
    /// <summary>
    /// Exact PCA by a thin SVD of the centred vectors (cheap at [items, dim] with dim in the hundreds). Each component's
    /// sign is fixed so that its largest loading is positive: SVD leaves it arbitrary, and a flipped picture between two
    /// runs of the same model would look like a difference.
    /// </summary>
    public static EmbeddingProjection Compute(ItemEmbeddingMatrix embeddings)
    {
        using var scope = NewDisposeScope();
        var vectors = tensor(embeddings.Values, [embeddings.Count, embeddings.Dimension]).to(float64);
        var centred = vectors - vectors.mean([0], keepdim: true);
        var (_, singular, vt) = linalg.svd(centred, fullMatrices: false);
        var variance = singular.mul(singular);
        var total = variance.sum().item<double>();
        var components = Math.Min(2, (int)vt.shape[0]);
        var axes = vt.narrow(0, 0, components);
        var largest = axes.abs().argmax(1, keepdim: true);
        var signs = axes.gather(1, largest).sign();
        axes = axes * where(signs.eq(zeros_like(signs)), ones_like(signs), signs);
        var coordinates = centred.matmul(axes.t()).contiguous();
        var flat = coordinates.data<double>().ToArray();
        var x = new double[embeddings.Count];
        var y = new double[embeddings.Count];
        for (var item = 0; item < embeddings.Count; item++)
        {
            x[item] = flat[item * components];
            y[item] = components > 1 ? flat[(item * components) + 1] : 0;
        }

        double Explained(int component) => total > 0 && component < components ? variance[component].item<double>() / total : 0;
        return new EmbeddingProjection(x, y, Explained(0), Explained(1));
    }
}
