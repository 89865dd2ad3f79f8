using ActorRec.Models.Scoring;

namespace ActorRec.Benchmarks;

/// <summary>
/// A synthetic item table shaped like a trained one: item i is the i-th most popular, its bias grows with the log of its
/// popularity, and each query is the sum of a few items drawn Zipf-like (the last clicks of a session) plus noise, so
/// that the top of every row is a handful of clear winners above a dense tail, as in real scores.
/// </summary>
internal static class ZipfTable
{
    public static ItemTable Create(int items, int dimension, int seed)
    {
        var random = new Random(seed);
        var weights = new float[(long)items * dimension];
        var scale = 1 / MathF.Sqrt(dimension);
        for (long i = 0; i < weights.Length; i++)
        {
            weights[i] = Normal(random) * scale;
        }

        var bias = new float[items];
        for (var i = 0; i < items; i++)
        {
            bias[i] = -0.1f * MathF.Log(i + 1);
        }

        return new ItemTable(weights, bias, dimension);
    }

    /// <summary>[rows, dimension] queries: three popular-biased items' vectors, summed, plus noise.</summary>
    public static float[] Queries(ItemTable table, int rows, int seed)
    {
        var random = new Random(seed);
        var d = table.Dimension;
        var queries = new float[rows * d];
        for (var row = 0; row < rows; row++)
        {
            var query = queries.AsSpan(row * d, d);
            for (var pick = 0; pick < 3; pick++)
            {
                // Log-uniform ranks: P(rank) ~ 1 / rank, Zipf with exponent 1.
                var item = (int)Math.Min(table.ItemCount - 1, Math.Exp(random.NextDouble() * Math.Log(table.ItemCount + 1)) - 1);
                var row0 = table.Row(item);
                for (var j = 0; j < d; j++)
                {
                    query[j] += row0[j];
                }
            }

            for (var j = 0; j < d; j++)
            {
                query[j] += 0.5f * Normal(random) / MathF.Sqrt(d);
            }
        }

        return queries;
    }

    private static float Normal(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
