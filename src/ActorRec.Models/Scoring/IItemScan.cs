namespace ActorRec.Models.Scoring;

/// <summary>A laid-out copy of an item table that one thread scans for a slice of the catalog.</summary>
internal interface IItemScan
{
    /// <summary>Panels of items; the catalog is padded to whole panels.</summary>
    int PanelCount { get; }

    /// <summary>
    /// Offers every item of the panels from firstPanel up to endPanel (exclusive) to the heap of each query row (row-major
    /// [rows, dimension] in queries), skipping the row's excluded items (sorted indices, or null). With targets, also adds
    /// to each row's outranking count the items that score above the row's target score (at or above with countTies).
    /// </summary>
    void Scan(int firstPanel, int endPanel, float[] queries, TopKHeap[] heaps, int[]?[] excluded, TargetCounts? targets);

    /// <summary>One item's score for a query, computed by the same operations in the same order as the scan computes it.</summary>
    float Score(ReadOnlySpan<float> query, int item);
}
