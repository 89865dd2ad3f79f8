using System.Globalization;

namespace ActorRec.Models.Scoring;

/// <summary>
/// Approximate top k by an inverted-file index: each query row scores the index's centroids, scans the items of its
/// <see cref="IvfOptions.ProbesFor"/> best lists with the fused float32 kernel, and keeps the k best of those. The scores
/// it returns are exact; only items in lists it did not scan can be missed (recall against the exact scan is measured in
/// docs/benchmarks.md and tested).
/// </summary>
/// <remarks>
/// The items are copied list by list into one panel table, each list padded to whole panels, so that a list is a range of
/// panels. The rows of a batch that probe the same list are scanned together, so that a list read from memory serves all
/// of them; threads take contiguous groups of rows. A row whose probed lists hold fewer than k allowed items scans the
/// other lists until it has k. Built once per loaded model and read-only after: calls may run concurrently.
/// </remarks>
public sealed class IvfTopKScorer : ITopKScorer
{
    private readonly IvfIndex _index;
    private readonly FusedTopKScorer _centroids;
    private readonly ItemPanels<float, Float32Element> _panels;

    /// <summary>First panel of each list, [lists + 1].</summary>
    private readonly int[] _firstPanel;

    /// <summary>The item at each position of the panel table; -1 for padding.</summary>
    private readonly int[] _itemAt;

    /// <summary>Each item's position in the panel table.</summary>
    private readonly int[] _positionOf;

    /// <exception cref="ArgumentException">The index was built for a table of another size.</exception>
    public IvfTopKScorer(ItemTable table, IvfIndex index, IvfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(index);
        options ??= new IvfOptions();
        options.Validate();
        if (index.ItemCount != table.ItemCount || index.Dimension != table.Dimension)
        {
            throw new ArgumentException(
                $"The index covers {index.ItemCount} items of dimension {index.Dimension}; the table has {table.ItemCount} of dimension {table.Dimension}.",
                nameof(index));
        }

        _index = index;
        Options = options;
        Probes = options.ProbesFor(index.ListCount);
        _centroids = new FusedTopKScorer(new ItemTable(index.Centroids, index.CentroidBias, index.Dimension), new FusedScorerOptions { Threads = 1 });

        const int Width = ItemPanels<float, Float32Element>.Width;
        _firstPanel = new int[index.ListCount + 1];
        for (var c = 0; c < index.ListCount; c++)
        {
            var size = index.Offsets[c + 1] - index.Offsets[c];
            _firstPanel[c + 1] = _firstPanel[c] + ((size + Width - 1) / Width);
        }

        var positions = _firstPanel[^1] * Width;
        var d = table.Dimension;
        _itemAt = new int[positions];
        Array.Fill(_itemAt, -1);
        _positionOf = new int[table.ItemCount];
        var weights = new float[(long)positions * d];
        var bias = new float[positions];
        Array.Fill(bias, float.NegativeInfinity);
        for (var c = 0; c < index.ListCount; c++)
        {
            var position = _firstPanel[c] * Width;
            for (var i = index.Offsets[c]; i < index.Offsets[c + 1]; i++, position++)
            {
                var item = index.Order[i];
                _itemAt[position] = item;
                _positionOf[item] = position;
                table.Row(item).CopyTo(weights.AsSpan((int)((long)position * d), d));
                bias[position] = table.Bias[item];
            }
        }

        // Padding rows are zero with a bias of -inf: they score -inf and never enter a heap.
        _panels = new ItemPanels<float, Float32Element>(new ItemTable(weights, bias, d), new FusedScorerOptions().BlockBytes);
    }

    public IvfOptions Options { get; }

    /// <summary>Lists each query row scans.</summary>
    public int Probes { get; }

    public int ItemCount => _index.ItemCount;

    public int Dimension => _index.Dimension;

    public string Name => string.Create(CultureInfo.InvariantCulture, $"ivf ({_index.ListCount:N0} lists, {Probes} probes)");

    /// <inheritdoc/>
    public RankedItems[] TopK(ReadOnlySpan<float> queries, int k, IReadOnlyList<int[]?>? exclude = null)
    {
        var rows = TopKArguments.Rows(queries, Dimension, ItemCount, k, exclude);
        if (rows == 0)
        {
            return [];
        }

        var excluded = TopKArguments.SortedExclusions(rows, ItemCount, exclude, _positionOf);
        var probed = _centroids.TopK(queries, Probes);
        var query = queries.ToArray();
        var heaps = new TopKHeap[rows];
        for (var row = 0; row < rows; row++)
        {
            heaps[row] = new TopKHeap(k);
        }

        var groups = Math.Min(Options.Threads, rows);
        if (groups == 1)
        {
            ScanProbed(0, rows, query, probed, heaps, excluded);
        }
        else
        {
            Parallel.For(
                0,
                groups,
                new ParallelOptions { MaxDegreeOfParallelism = groups },
                g => ScanProbed(rows * g / groups, rows * (g + 1) / groups, query, probed, heaps, excluded));
        }

        var result = new RankedItems[rows];
        for (var row = 0; row < rows; row++)
        {
            if (heaps[row].Count < k)
            {
                ScanTheRest(row, query, probed[row].Items, heaps[row], excluded[row]);
            }

            result[row] = InItemOrder(heaps[row].Drain());
        }

        return result;
    }

    // Rows first..end of the batch, grouped by list: one pass over a list for every row that probes it.
    private void ScanProbed(int first, int end, float[] query, RankedItems[] probed, TopKHeap[] heaps, int[]?[] excluded)
    {
        var d = Dimension;
        var counts = new int[_index.ListCount + 1];
        for (var row = first; row < end; row++)
        {
            foreach (var list in probed[row].Items)
            {
                counts[list + 1]++;
            }
        }

        for (var c = 0; c < _index.ListCount; c++)
        {
            counts[c + 1] += counts[c];
        }

        var rowsOfList = new int[counts[^1]];
        var next = counts[..^1];
        for (var row = first; row < end; row++)
        {
            foreach (var list in probed[row].Items)
            {
                rowsOfList[next[list]++] = row;
            }
        }

        var buffer = new float[(end - first) * d];
        for (var list = 0; list < _index.ListCount; list++)
        {
            var n = counts[list + 1] - counts[list];
            if (n == 0 || _firstPanel[list] == _firstPanel[list + 1])
            {
                continue;
            }

            var listHeaps = new TopKHeap[n];
            var listExcluded = new int[]?[n];
            for (var i = 0; i < n; i++)
            {
                var row = rowsOfList[counts[list] + i];
                query.AsSpan(row * d, d).CopyTo(buffer.AsSpan(i * d, d));
                listHeaps[i] = heaps[row];
                listExcluded[i] = excluded[row];
            }

            _panels.Scan(_firstPanel[list], _firstPanel[list + 1], buffer, listHeaps, listExcluded, targets: null);
        }
    }

    // The lists a row did not probe, in index order, until its heap is full.
    private void ScanTheRest(int row, float[] query, int[] probedLists, TopKHeap heap, int[]? excluded)
    {
        var single = query.AsSpan(row * Dimension, Dimension).ToArray();
        for (var list = 0; list < _index.ListCount && heap.Count < heap.Capacity; list++)
        {
            if (Array.IndexOf(probedLists, list) < 0)
            {
                _panels.Scan(_firstPanel[list], _firstPanel[list + 1], single, [heap], [excluded], targets: null);
            }
        }
    }

    // Positions back to items, and equal scores ordered by the lower item as every scorer orders them.
    private RankedItems InItemOrder(RankedItems byPosition)
    {
        var items = new int[byPosition.Items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = _itemAt[byPosition.Items[i]];
        }

        var scores = byPosition.Scores;
        var order = Enumerable.Range(0, items.Length).OrderByDescending(i => scores[i]).ThenBy(i => items[i]).ToArray();
        return new RankedItems([.. order.Select(i => items[i])], [.. order.Select(i => scores[i])]);
    }
}
