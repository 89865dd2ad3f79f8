using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ActorRec.Models.Scoring;

/// <summary>
/// The best k items of a whole catalog for a batch of query rows, without materialising [rows, items] scores: every
/// thread scans a slice of a cache-blocked copy of the item table, scoring up to four rows per weight load, and keeps
/// each row's k best in a small heap whose k-th score rejects most items with one comparison; the slices' heaps are
/// merged at the end.
/// </summary>
/// <remarks>
/// Built once per loaded model (the copy takes a second or so for a million items) and then read-only: calls may run
/// concurrently. With <see cref="ScorerPrecision.Float32"/> the result is the top k of query x weights^T + bias, ties
/// broken by the lower item index, the same for every batch composition and thread count. With
/// <see cref="ScorerPrecision.BFloat16"/> the bfloat16 scan picks <see cref="FusedScorerOptions.CandidatesFor"/>
/// candidates per row and their float32 scores pick the k.
/// </remarks>
public sealed class FusedTopKScorer : ITopKScorer
{
    private readonly ItemTable _table;
    private readonly IItemScan _scan;

    public FusedTopKScorer(ItemTable table, FusedScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= new FusedScorerOptions();
        options.Validate();
        _table = table;
        Options = options;
        _scan = options.Precision switch
        {
            ScorerPrecision.Float32 => new ItemPanels<float, Float32Element>(table, options.BlockBytes),
            ScorerPrecision.BFloat16 => new ItemPanels<ushort, BFloat16Element>(table, options.BlockBytes),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Precision, "Unknown scorer precision."),
        };
    }

    public FusedScorerOptions Options { get; }

    public int ItemCount => _table.ItemCount;

    public string Name => $"fused {Options.Precision.ToString().ToLowerInvariant()}";

    /// <summary>Length of one query row.</summary>
    public int Dimension => _table.Dimension;

    /// <inheritdoc/>
    public RankedItems[] TopK(ReadOnlySpan<float> queries, int k, IReadOnlyList<int[]?>? exclude = null)
    {
        var rows = TopKArguments.Rows(queries, Dimension, ItemCount, k, exclude);
        if (rows == 0)
        {
            return [];
        }

        var excluded = TopKArguments.SortedExclusions(rows, ItemCount, exclude);
        var query = queries.ToArray();
        var capacity = Options.Precision == ScorerPrecision.Float32 ? k : Options.CandidatesFor(k, ItemCount);
        var best = ScanAll(query, rows, capacity, excluded, targetsOfSlice: null, counts: null);
        var result = new RankedItems[rows];
        if (Options.Precision == ScorerPrecision.Float32)
        {
            for (var row = 0; row < rows; row++)
            {
                result[row] = best[row].Drain();
            }
        }
        else
        {
            ForRows(rows, row => result[row] = Rescore(query.AsSpan(row * Dimension, Dimension), best[row], k));
        }

        return result;
    }

    /// <summary>
    /// Each query row's <paramref name="k"/> best items, as <see cref="TopK"/>, and in the same pass the number of items
    /// that outrank the row's target item: those scoring above it, or with <paramref name="countTies"/> at or above it
    /// (the target itself included). A target whose score is NaN gets -1.
    /// </summary>
    /// <param name="queries">Row-major [rows, <see cref="Dimension"/>].</param>
    /// <param name="k">Items per row, 1 to <see cref="ItemCount"/>.</param>
    /// <param name="targets">One item index per row.</param>
    /// <param name="countTies">Whether an equal score counts against the target.</param>
    /// <param name="outranking">Receives one count per row.</param>
    /// <exception cref="InvalidOperationException">The scorer scans a reduced-precision table, whose counts would not be exact.</exception>
    public RankedItems[] TopKWithTargetRanks(ReadOnlySpan<float> queries, int k, ReadOnlySpan<int> targets, bool countTies, Span<long> outranking)
    {
        if (Options.Precision != ScorerPrecision.Float32)
        {
            throw new InvalidOperationException($"Target ranks need the exact float32 scan; this scorer scans {Options.Precision}.");
        }

        var rows = TopKArguments.Rows(queries, Dimension, ItemCount, k, exclude: null);
        if (targets.Length != rows || outranking.Length != rows)
        {
            throw new ArgumentException($"{targets.Length} targets and {outranking.Length} counts for {rows} query rows; give one of each per row.", nameof(targets));
        }

        var query = queries.ToArray();
        var scores = new float[rows];
        for (var row = 0; row < rows; row++)
        {
            if ((uint)targets[row] >= (uint)ItemCount)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), targets[row], $"Target of row {row} is outside the catalog of {ItemCount} items.");
            }

            scores[row] = _scan.Score(query.AsSpan(row * Dimension, Dimension), targets[row]);
        }

        var counts = new long[rows];
        var best = ScanAll(query, rows, k, new int[]?[rows], slice => new TargetCounts(scores, new long[rows], countTies), counts);
        var result = new RankedItems[rows];
        for (var row = 0; row < rows; row++)
        {
            result[row] = best[row].Drain();
            outranking[row] = float.IsNaN(scores[row]) ? -1 : counts[row];
        }

        return result;
    }

    // Slices of whole panels, one per thread, each with its own heaps (and target counts, summed into counts); merged into
    // the first slice's heaps.
    private TopKHeap[] ScanAll(float[] query, int rows, int capacity, int[]?[] excluded, Func<int, TargetCounts>? targetsOfSlice, long[]? counts)
    {
        var panels = _scan.PanelCount;
        var slices = Math.Clamp(panels * ItemPanels<float, Float32Element>.Width / Options.MinItemsPerThread, 1, Options.Threads);
        var heaps = new TopKHeap[slices][];
        var targets = new TargetCounts?[slices];
        for (var s = 0; s < slices; s++)
        {
            heaps[s] = new TopKHeap[rows];
            for (var row = 0; row < rows; row++)
            {
                heaps[s][row] = new TopKHeap(capacity);
            }

            targets[s] = targetsOfSlice?.Invoke(s);
        }

        if (slices == 1)
        {
            _scan.Scan(0, panels, query, heaps[0], excluded, targets[0]);
        }
        else
        {
            Parallel.For(
                0,
                slices,
                new ParallelOptions { MaxDegreeOfParallelism = slices },
                s => _scan.Scan((int)((long)panels * s / slices), (int)((long)panels * (s + 1) / slices), query, heaps[s], excluded, targets[s]));
        }

        for (var row = 0; row < rows; row++)
        {
            for (var s = 1; s < slices; s++)
            {
                heaps[0][row].OfferAll(heaps[s][row]);
            }

            for (var s = 0; s < slices && counts is not null; s++)
            {
                counts[row] += targets[s]!.Outranking[row];
            }
        }

        return heaps[0];
    }

    private void ForRows(int rows, Action<int> body)
    {
        if (Options.Threads == 1 || rows == 1)
        {
            for (var row = 0; row < rows; row++)
            {
                body(row);
            }

            return;
        }

        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = Options.Threads }, body);
    }

    private RankedItems Rescore(ReadOnlySpan<float> query, TopKHeap candidates, int k)
    {
        var best = new TopKHeap(Math.Min(k, Math.Max(1, candidates.Count)));
        foreach (var item in candidates.Items)
        {
            best.Offer(Dot(query, _table.Row(item)) + _table.Bias[item], item);
        }

        return best.Drain();
    }

    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ref var a = ref MemoryMarshal.GetReference(x);
        ref var b = ref MemoryMarshal.GetReference(y);
        var n = x.Length;
        var i = 0;
        var sum = 0f;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; i + 8 <= n; i += 8)
            {
                acc += Vector256.LoadUnsafe(ref a, (nuint)i) * Vector256.LoadUnsafe(ref b, (nuint)i);
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < n; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }
}
