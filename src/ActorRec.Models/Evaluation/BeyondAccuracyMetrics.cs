using ActorRec.Models.Data;

namespace ActorRec.Models.Evaluation;

/// <summary>
/// Coverage, novelty, diversity and repetitiveness of the top-k lists recorded by <see cref="Evaluator"/> with
/// <see cref="EvaluationOptions.RecordTopK"/>.
/// </summary>
/// <remarks>
/// The catalog is the training set's vocabulary and popularity is its <see cref="SessionDataset.ItemSupport"/>. A list is
/// measured for every event of the test set that is not the first of its session and whose row is not all -1, so every
/// metric and the evaluator's Coverage@k are taken over the same lists. One pass over the lists, O(k) per list plus
/// O(k^2) for category diversity and O(k^2 * dim) for embedding diversity; nothing is allocated per list.
/// </remarks>
public static class BeyondAccuracyMetrics
{
    /// <summary>The quantile of item support that separates the long tail from the head.</summary>
    public const double LongTailQuantile = 0.9;

    /// <summary>Measures the first <paramref name="k"/> items of every list, with embedding diversity from a [items, dim] matrix.</summary>
    public static BeyondAccuracyReport Compute(
        TopKLists topK,
        SessionDataset training,
        SessionDataset test,
        int k,
        float[,]? itemEmbeddings = null,
        IReadOnlyDictionary<int, string>? categories = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (itemEmbeddings is null)
        {
            return ComputeCore(topK, training, test, k, normalized: null, dimension: 0, categories);
        }

        var rows = itemEmbeddings.GetLength(0);
        var dimension = itemEmbeddings.GetLength(1);
        var flat = new float[rows * dimension];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < dimension; column++)
            {
                flat[(row * dimension) + column] = itemEmbeddings[row, column];
            }
        }

        return ComputeCore(topK, training, test, k, Normalized(flat, dimension, training.ItemCount), dimension, categories);
    }

    /// <summary>
    /// Measures the first <paramref name="k"/> items of every list, with embedding diversity from a row-major
    /// [items, <paramref name="dimension"/>] matrix such as GRU4Rec's item embedding copied to the host.
    /// </summary>
    public static BeyondAccuracyReport Compute(
        TopKLists topK,
        SessionDataset training,
        SessionDataset test,
        int k,
        float[] itemEmbeddings,
        int dimension,
        IReadOnlyDictionary<int, string>? categories = null)
    {
        ArgumentNullException.ThrowIfNull(itemEmbeddings);
        ArgumentNullException.ThrowIfNull(training);
        return ComputeCore(topK, training, test, k, Normalized(itemEmbeddings, dimension, training.ItemCount), dimension, categories);
    }

    /// <summary>
    /// The long-tail threshold of <paramref name="support"/>: the nearest-rank 0.9 quantile, i.e. the support of the item at
    /// 1-based position ceil(0.9 * items) in ascending order of support. Items with support strictly below it are the long tail.
    /// </summary>
    public static long LongTailThreshold(IReadOnlyList<long> support)
    {
        ArgumentNullException.ThrowIfNull(support);
        ArgumentOutOfRangeException.ThrowIfZero(support.Count, nameof(support));
        var sorted = support.ToArray();
        Array.Sort(sorted);
        var position = (int)Math.Ceiling(LongTailQuantile * sorted.Length);
        return sorted[Math.Max(position, 1) - 1];
    }

    private static BeyondAccuracyReport ComputeCore(
        TopKLists topK,
        SessionDataset training,
        SessionDataset test,
        int k,
        float[]? normalized,
        int dimension,
        IReadOnlyDictionary<int, string>? categories)
    {
        ArgumentNullException.ThrowIfNull(topK);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, topK.Width);
        ArgumentOutOfRangeException.ThrowIfNotEqual(topK.EventCount, test.EventCount, nameof(topK));
        ArgumentOutOfRangeException.ThrowIfZero(training.EventCount, nameof(training));

        var catalog = training.ItemCount;
        var support = training.ItemSupport();
        var threshold = LongTailThreshold(support);

        // Self-information per item, computed once: the inner loop only looks it up.
        var totalEvents = (double)training.EventCount;
        var information = new double[catalog];
        var longTail = new bool[catalog];
        var longTailItems = 0;
        for (var item = 0; item < catalog; item++)
        {
            information[item] = -Math.Log2(Math.Max(support[item], 1) / totalEvents);
            longTail[item] = support[item] < threshold;
            longTailItems += longTail[item] ? 1 : 0;
        }

        var categoryIds = categories is null ? null : CategoryIds(categories, catalog);

        var recommended = new bool[catalog];

        // seenIn[item] is 1 + the session in which the item was last seen, so the marks never need clearing.
        var seenIn = new int[catalog];
        var listCategories = new int[k];

        long lists = 0;
        long longTailRecommended = 0;
        long repeated = 0;
        double informationSum = 0;
        double diversitySum = 0;
        double categoryDiversitySum = 0;
        for (var session = 0; session < test.SessionCount; session++)
        {
            var start = test.SessionOffsets[session];
            var end = test.SessionOffsets[session + 1];
            for (var target = start + 1; target < end; target++)
            {
                var input = test.Items[target - 1];
                if ((uint)input < (uint)catalog)
                {
                    seenIn[input] = session + 1;
                }

                var list = topK[target][..k];
                if (list[0] < 0)
                {
                    continue;
                }

                lists++;
                for (var position = 0; position < k; position++)
                {
                    var item = list[position];
                    if ((uint)item >= (uint)catalog)
                    {
                        throw new ArgumentException($"Top-k item {item} of event {target} is outside the catalog of {catalog} items.", nameof(topK));
                    }

                    recommended[item] = true;
                    informationSum += information[item];
                    longTailRecommended += longTail[item] ? 1 : 0;
                    repeated += seenIn[item] == session + 1 ? 1 : 0;
                }

                if (normalized is not null)
                {
                    diversitySum += PairwiseCosineDistance(list, normalized, dimension);
                }

                if (categoryIds is not null)
                {
                    categoryDiversitySum += DistinctCount(list, categoryIds, listCategories) / (double)k;
                }
            }
        }

        var covered = 0;
        var coveredLongTail = 0;
        for (var item = 0; item < catalog; item++)
        {
            if (recommended[item])
            {
                covered++;
                coveredLongTail += longTail[item] ? 1 : 0;
            }
        }

        var recommendations = (double)lists * k;
        return new BeyondAccuracyReport(
            K: k,
            Lists: lists,
            Coverage: covered / (double)catalog,
            LongTailCoverage: longTailItems == 0 ? 0 : coveredLongTail / (double)longTailItems,
            Novelty: lists == 0 ? 0 : informationSum / recommendations,
            LongTailShare: lists == 0 ? 0 : longTailRecommended / recommendations,
            Diversity: normalized is null ? null : lists == 0 ? 0 : diversitySum / lists,
            CategoryDiversity: categoryIds is null ? null : lists == 0 ? 0 : categoryDiversitySum / lists,
            Repetitiveness: lists == 0 ? 0 : repeated / (double)lists,
            LongTailThreshold: threshold,
            LongTailItems: longTailItems);
    }

    // Unit rows make every cosine a plain dot product; a zero row stays zero, so its cosine with anything is 0 (distance 1).
    private static float[] Normalized(float[] embeddings, int dimension, int catalog)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (embeddings.Length != (long)catalog * dimension)
        {
            throw new ArgumentException(
                $"Item embeddings hold {embeddings.Length} values, expected {catalog} items x {dimension}.", nameof(embeddings));
        }

        var normalized = new float[embeddings.Length];
        for (var item = 0; item < catalog; item++)
        {
            var row = embeddings.AsSpan(item * dimension, dimension);
            double squares = 0;
            for (var d = 0; d < dimension; d++)
            {
                squares += (double)row[d] * row[d];
            }

            if (squares == 0)
            {
                continue;
            }

            var scale = 1 / Math.Sqrt(squares);
            var target = normalized.AsSpan(item * dimension, dimension);
            for (var d = 0; d < dimension; d++)
            {
                target[d] = (float)(row[d] * scale);
            }
        }

        return normalized;
    }

    // Mean of 1 - cosine over the k(k-1)/2 pairs; a single-item list has no pairs and counts as 0.
    private static double PairwiseCosineDistance(ReadOnlySpan<int> list, float[] normalized, int dimension)
    {
        if (list.Length < 2)
        {
            return 0;
        }

        double sum = 0;
        for (var i = 0; i < list.Length; i++)
        {
            var a = normalized.AsSpan(list[i] * dimension, dimension);
            for (var j = i + 1; j < list.Length; j++)
            {
                var b = normalized.AsSpan(list[j] * dimension, dimension);
                double dot = 0;
                for (var d = 0; d < dimension; d++)
                {
                    dot += (double)a[d] * b[d];
                }

                sum += 1 - dot;
            }
        }

        return sum / (list.Length * (list.Length - 1) / 2.0);
    }

    // Categories as dense ids; an item without one gets an id of its own, so it is its own category.
    private static int[] CategoryIds(IReadOnlyDictionary<int, string> categories, int catalog)
    {
        var ids = new int[catalog];
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var item = 0; item < catalog; item++)
        {
            if (categories.TryGetValue(item, out var name))
            {
                if (!byName.TryGetValue(name, out var id))
                {
                    id = byName.Count;
                    byName.Add(name, id);
                }

                ids[item] = id;
            }
            else
            {
                ids[item] = -1 - item;
            }
        }

        return ids;
    }

    private static int DistinctCount(ReadOnlySpan<int> list, int[] categoryIds, int[] scratch)
    {
        var distinct = 0;
        foreach (var item in list)
        {
            var category = categoryIds[item];
            var seen = false;
            for (var i = 0; i < distinct; i++)
            {
                if (scratch[i] == category)
                {
                    seen = true;
                    break;
                }
            }

            if (!seen)
            {
                scratch[distinct++] = category;
            }
        }

        return distinct;
    }
}
