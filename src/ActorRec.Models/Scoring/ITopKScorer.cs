namespace ActorRec.Models.Scoring;

/// <summary>The best k items of a catalog for each row of a batch of queries against a model's item table.</summary>
public interface ITopKScorer
{
    int ItemCount { get; }

    /// <summary>Length of one query row.</summary>
    int Dimension { get; }

    /// <summary>What ranks the items, for logs and reports ("fused float32", "ivf 1,000 lists, 50 probes").</summary>
    string Name { get; }

    /// <summary>
    /// Each query row's <paramref name="k"/> best items, best first; a row's excluded items are never returned, so a row
    /// gets fewer than k only when the catalog minus its exclusions is smaller.
    /// </summary>
    /// <param name="queries">Row-major [rows, <see cref="Dimension"/>].</param>
    /// <param name="k">Items per row, 1 to <see cref="ItemCount"/>.</param>
    /// <param name="exclude">Null, or one array of item indices per row (null or empty for none); not modified.</param>
    RankedItems[] TopK(ReadOnlySpan<float> queries, int k, IReadOnlyList<int[]?>? exclude = null);
}
