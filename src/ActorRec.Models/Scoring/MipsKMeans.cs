namespace ActorRec.Models.Scoring;

/// <summary>
/// k-means for maximum inner product search: every item [w, b] is lifted to [w, b, sqrt(R² - |w|² - b²)], where R is the
/// largest item norm, so that all lifted items have norm R and the nearest centroid in L2 is the one with the largest
/// inner product. A query [q, 1, 0] then scores a centroid as it would score the average of its items.
/// </summary>
/// <remarks>
/// Lloyd iterations on a seeded sample, then one assignment of every item. The nearest centroid of a batch of points is a
/// top-1 search over the centroids with bias -|c|²/2 (since |x - c|² = |x|² - 2 (x · c - |c|²/2)), run by the fused scorer,
/// one block of points per thread: the result depends only on the table and the options.
/// </remarks>
internal static class MipsKMeans
{
    private const int PointsPerBlock = 4096;

    /// <summary>Centroids, row-major [lists, dimension + 2], and each item's list.</summary>
    public static (float[] Centroids, int[] Assignment) Cluster(ItemTable table, int lists, IvfOptions options)
    {
        var lifted = table.Dimension + 2;
        var radius = MathF.Sqrt(MaxSquaredNorm(table));
        var random = new Random(options.Seed);
        var sampleSize = (int)Math.Min(table.ItemCount, (long)lists * options.SamplesPerList);
        var sample = Sample(table.ItemCount, sampleSize, random);
        var points = new float[(long)sampleSize * lifted];
        for (var i = 0; i < sampleSize; i++)
        {
            Lift(table, sample[i], radius, points.AsSpan(i * lifted, lifted));
        }

        // The first centroids are distinct sample points: a seeded shuffle's first lists entries.
        var centroids = new float[lists * lifted];
        for (var c = 0; c < lists; c++)
        {
            points.AsSpan(c * lifted, lifted).CopyTo(centroids.AsSpan(c * lifted, lifted));
        }

        var assignment = new int[sampleSize];
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            Nearest(centroids, lifted, points, sampleSize, assignment, options.Threads);
            Update(centroids, lifted, points, assignment, random);
        }

        var all = new int[table.ItemCount];
        var final = CentroidScorer(centroids, lifted);
        Parallel.For(
            0,
            (table.ItemCount + PointsPerBlock - 1) / PointsPerBlock,
            new ParallelOptions { MaxDegreeOfParallelism = options.Threads },
            () => new float[PointsPerBlock * lifted],
            (block, _, buffer) =>
            {
                var first = block * PointsPerBlock;
                var count = Math.Min(PointsPerBlock, table.ItemCount - first);
                for (var i = 0; i < count; i++)
                {
                    Lift(table, first + i, radius, buffer.AsSpan(i * lifted, lifted));
                }

                NearestBlock(final, buffer.AsSpan(0, count * lifted), all.AsSpan(first, count));
                return buffer;
            },
            _ => { });
        return (centroids, all);
    }

    private static float MaxSquaredNorm(ItemTable table)
    {
        var max = 0f;
        for (var item = 0; item < table.ItemCount; item++)
        {
            max = Math.Max(max, SquaredNorm(table, item));
        }

        return max;
    }

    // |[w, b]|² of one item.
    private static float SquaredNorm(ItemTable table, int item)
    {
        var norm = table.Bias[item] * table.Bias[item];
        foreach (var value in table.Row(item))
        {
            norm += value * value;
        }

        return norm;
    }

    private static void Lift(ItemTable table, int item, float radius, Span<float> point)
    {
        var row = table.Row(item);
        row.CopyTo(point);
        point[row.Length] = table.Bias[item];
        point[row.Length + 1] = MathF.Sqrt(Math.Max(0, (radius * radius) - SquaredNorm(table, item)));
    }

    // A seeded partial Fisher-Yates shuffle: count distinct items in random order.
    private static int[] Sample(int items, int count, Random random)
    {
        var order = new int[items];
        for (var i = 0; i < items; i++)
        {
            order[i] = i;
        }

        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, items);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order[..count];
    }

    // Centroids as a scorer's item table: weights c, bias -|c|²/2, so that the top-1 item of a point is its nearest centroid.
    private static FusedTopKScorer CentroidScorer(float[] centroids, int lifted)
    {
        var lists = centroids.Length / lifted;
        var bias = new float[lists];
        for (var c = 0; c < lists; c++)
        {
            var norm = 0f;
            foreach (var value in centroids.AsSpan(c * lifted, lifted))
            {
                norm += value * value;
            }

            bias[c] = -norm / 2;
        }

        return new FusedTopKScorer(new ItemTable(centroids, bias, lifted), new FusedScorerOptions { Threads = 1 });
    }

    private static void Nearest(float[] centroids, int lifted, float[] points, int count, int[] assignment, int threads)
    {
        var scorer = CentroidScorer(centroids, lifted);
        Parallel.For(
            0,
            (count + PointsPerBlock - 1) / PointsPerBlock,
            new ParallelOptions { MaxDegreeOfParallelism = threads },
            block =>
            {
                var first = block * PointsPerBlock;
                var n = Math.Min(PointsPerBlock, count - first);
                NearestBlock(scorer, points.AsSpan(first * lifted, n * lifted), assignment.AsSpan(first, n));
            });
    }

    private static void NearestBlock(FusedTopKScorer centroids, ReadOnlySpan<float> points, Span<int> assignment)
    {
        var nearest = centroids.TopK(points, 1);
        for (var i = 0; i < nearest.Length; i++)
        {
            // A point whose every distance is NaN (a non-finite item) goes to the first list rather than nowhere.
            assignment[i] = nearest[i].Items.Length > 0 ? nearest[i].Items[0] : 0;
        }
    }

    // Each centroid moves to the mean of its points; one left without points restarts at a random point.
    private static void Update(float[] centroids, int lifted, float[] points, int[] assignment, Random random)
    {
        var lists = centroids.Length / lifted;
        var sums = new double[centroids.Length];
        var counts = new int[lists];
        for (var i = 0; i < assignment.Length; i++)
        {
            var c = assignment[i];
            counts[c]++;
            var point = points.AsSpan(i * lifted, lifted);
            for (var j = 0; j < lifted; j++)
            {
                sums[(c * lifted) + j] += point[j];
            }
        }

        for (var c = 0; c < lists; c++)
        {
            var centroid = centroids.AsSpan(c * lifted, lifted);
            if (counts[c] == 0)
            {
                points.AsSpan(random.Next(assignment.Length) * lifted, lifted).CopyTo(centroid);
                continue;
            }

            for (var j = 0; j < lifted; j++)
            {
                centroid[j] = (float)(sums[(c * lifted) + j] / counts[c]);
            }
        }
    }
}
