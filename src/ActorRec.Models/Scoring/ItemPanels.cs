using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ActorRec.Models.Scoring;

/// <summary>
/// An item table laid out for scanning: panels of <see cref="Width"/> items stored dimension-major ([dimension][Width]
/// per panel), so that one vector load brings the same weight of 16 (or 8) items and a broadcast query element multiplies
/// it: no horizontal sums, and every load is reused by up to four query rows.
/// </summary>
/// <remarks>
/// Every item's score is the same sequence of fused multiply-adds over the dimension in each kernel (four rows, one row,
/// one row over two panels), so a score does not depend on the batch it came in or on the thread that scanned it. The
/// padding items of the last panel carry a bias of -inf and are never offered.
/// </remarks>
internal sealed class ItemPanels<T, TElement> : IItemScan
    where T : unmanaged
    where TElement : struct, IPanelElement<T>
{
    /// <summary>Items per panel: two 16-float vectors.</summary>
    public const int Width = 32;

    private const int RowTile = 4;

    private readonly T[] _weights;
    private readonly float[] _bias;
    private readonly int _dimension;
    private readonly int _blockPanels;

    public ItemPanels(ItemTable table, int blockBytes)
    {
        _dimension = table.Dimension;
        PanelCount = (table.ItemCount + Width - 1) / Width;
        _weights = new T[(long)PanelCount * Width * _dimension];
        _bias = new float[PanelCount * Width];
        Array.Fill(_bias, float.NegativeInfinity);
        var source = table.Weights;
        for (var item = 0; item < table.ItemCount; item++)
        {
            var panelStart = (long)(item / Width) * Width * _dimension;
            var lane = item % Width;
            var row = item * _dimension;
            for (var j = 0; j < _dimension; j++)
            {
                _weights[panelStart + ((long)j * Width) + lane] = TElement.FromSingle(source[row + j]);
            }

            _bias[item] = table.Bias[item];
        }

        _blockPanels = Math.Max(1, blockBytes / (Width * _dimension * TElement.Size));
    }

    public int PanelCount { get; }

    public void Scan(int firstPanel, int endPanel, float[] queries, TopKHeap[] heaps, int[]?[] excluded, TargetCounts? targets)
    {
        Span<float> scores = stackalloc float[RowTile * Width];
        var rows = heaps.Length;
        for (var block = firstPanel; block < endPanel; block += _blockPanels)
        {
            var blockEnd = Math.Min(endPanel, block + _blockPanels);
            var row = 0;
            for (; row + RowTile <= rows; row += RowTile)
            {
                ref var query = ref queries[row * _dimension];
                for (var panel = block; panel < blockEnd; panel++)
                {
                    Score4(panel, ref query, scores);
                    for (var r = 0; r < RowTile; r++)
                    {
                        Take(scores.Slice(r * Width, Width), heaps[row + r], panel * Width, excluded[row + r], targets, row + r);
                    }
                }
            }

            for (; row < rows; row++)
            {
                ref var query = ref queries[row * _dimension];
                var panel = block;
                for (; panel + 2 <= blockEnd; panel += 2)
                {
                    Score1Pair(panel, ref query, scores);
                    Take(scores[..Width], heaps[row], panel * Width, excluded[row], targets, row);
                    Take(scores.Slice(Width, Width), heaps[row], (panel + 1) * Width, excluded[row], targets, row);
                }

                if (panel < blockEnd)
                {
                    Score1(panel, ref query, scores);
                    Take(scores[..Width], heaps[row], panel * Width, excluded[row], targets, row);
                }
            }
        }
    }

    public float Score(ReadOnlySpan<float> query, int item)
    {
        // The kernels' lanes: one multiply-add per dimension from zero (fused wherever the vector kernels fuse), then the bias.
        ref var w = ref PanelStart(item / Width);
        var lane = item % Width;
        var fused = Vector512.IsHardwareAccelerated || (Vector256.IsHardwareAccelerated && Fma.IsSupported);
        var sum = 0f;
        for (var j = 0; j < _dimension; j++)
        {
            var weight = TElement.ToSingle(Unsafe.Add(ref w, (j * Width) + lane));
            sum = fused ? MathF.FusedMultiplyAdd(query[j], weight, sum) : sum + (query[j] * weight);
        }

        return sum + _bias[item];
    }

    private static void Take(ReadOnlySpan<float> scores, TopKHeap heap, int firstItem, int[]? excluded, TargetCounts? targets, int row)
    {
        Offer(scores, heap, firstItem, excluded);
        if (targets is not null)
        {
            targets.Outranking[row] += BitOperations.PopCount(Exceeding(scores, targets.Scores[row], targets.CountTies));
        }
    }

    // Most panels fail the threshold for every lane: one compare per 8 or 16 items, and the heap is touched only for the
    // few that pass.
    private static void Offer(ReadOnlySpan<float> scores, TopKHeap heap, int firstItem, int[]? excluded)
    {
        var mask = Exceeding(scores, heap.Threshold, orEqual: false);
        while (mask != 0)
        {
            var lane = BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            var score = scores[lane];
            var item = firstItem + lane;
            if (score > heap.Threshold && (excluded is null || Array.BinarySearch(excluded, item) < 0))
            {
                heap.Offer(score, item);
            }
        }
    }

    // Bit i set where scores[i] > threshold, or >= with orEqual (NaN never is).
    private static uint Exceeding(ReadOnlySpan<float> scores, float threshold, bool orEqual)
    {
        ref var s = ref MemoryMarshal.GetReference(scores);
        if (Vector512.IsHardwareAccelerated)
        {
            var t = Vector512.Create(threshold);
            var low = Vector512.LoadUnsafe(ref s);
            var high = Vector512.LoadUnsafe(ref s, 16);
            return orEqual
                ? (uint)Vector512.GreaterThanOrEqual(low, t).ExtractMostSignificantBits() | ((uint)Vector512.GreaterThanOrEqual(high, t).ExtractMostSignificantBits() << 16)
                : (uint)Vector512.GreaterThan(low, t).ExtractMostSignificantBits() | ((uint)Vector512.GreaterThan(high, t).ExtractMostSignificantBits() << 16);
        }

        var mask = 0u;
        if (Vector256.IsHardwareAccelerated)
        {
            var t = Vector256.Create(threshold);
            for (var part = 0; part < Width; part += 8)
            {
                var v = Vector256.LoadUnsafe(ref s, (nuint)part);
                mask |= (orEqual ? Vector256.GreaterThanOrEqual(v, t) : Vector256.GreaterThan(v, t)).ExtractMostSignificantBits() << part;
            }

            return mask;
        }

        for (var lane = 0; lane < Width; lane++)
        {
            mask |= scores[lane] > threshold || (orEqual && scores[lane] == threshold) ? 1u << lane : 0;
        }

        return mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MultiplyAdd(Vector256<float> x, Vector256<float> w, Vector256<float> sum) =>
        Fma.IsSupported ? Vector256.FusedMultiplyAdd(x, w, sum) : sum + (x * w);

    private ref T PanelStart(int panel) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_weights), (nint)panel * Width * _dimension);

    private ref float BiasStart(int panel) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bias), panel * Width);

    // Four query rows (consecutive, stride = dimension) against one panel: [4][Width] scores with the bias added.
    private void Score4(int panel, ref float q0, Span<float> output)
    {
        var d = (nuint)_dimension;
        ref var w = ref PanelStart(panel);
        ref var bias = ref BiasStart(panel);
        ref var q1 = ref Unsafe.Add(ref q0, d);
        ref var q2 = ref Unsafe.Add(ref q1, d);
        ref var q3 = ref Unsafe.Add(ref q2, d);
        ref var o = ref MemoryMarshal.GetReference(output);
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default;
            Vector512<float> a20 = default, a21 = default, a30 = default, a31 = default;
            for (nuint j = 0; j < d; j++)
            {
                var w0 = TElement.Load512(ref w, j * Width);
                var w1 = TElement.Load512(ref w, (j * Width) + 16);
                var x = Vector512.Create(Unsafe.Add(ref q0, j));
                a00 = Vector512.FusedMultiplyAdd(x, w0, a00);
                a01 = Vector512.FusedMultiplyAdd(x, w1, a01);
                x = Vector512.Create(Unsafe.Add(ref q1, j));
                a10 = Vector512.FusedMultiplyAdd(x, w0, a10);
                a11 = Vector512.FusedMultiplyAdd(x, w1, a11);
                x = Vector512.Create(Unsafe.Add(ref q2, j));
                a20 = Vector512.FusedMultiplyAdd(x, w0, a20);
                a21 = Vector512.FusedMultiplyAdd(x, w1, a21);
                x = Vector512.Create(Unsafe.Add(ref q3, j));
                a30 = Vector512.FusedMultiplyAdd(x, w0, a30);
                a31 = Vector512.FusedMultiplyAdd(x, w1, a31);
            }

            var b0 = Vector512.LoadUnsafe(ref bias);
            var b1 = Vector512.LoadUnsafe(ref bias, 16);
            (a00 + b0).StoreUnsafe(ref o);
            (a01 + b1).StoreUnsafe(ref o, 16);
            (a10 + b0).StoreUnsafe(ref o, Width);
            (a11 + b1).StoreUnsafe(ref o, Width + 16);
            (a20 + b0).StoreUnsafe(ref o, 2 * Width);
            (a21 + b1).StoreUnsafe(ref o, (2 * Width) + 16);
            (a30 + b0).StoreUnsafe(ref o, 3 * Width);
            (a31 + b1).StoreUnsafe(ref o, (3 * Width) + 16);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            // Sixteen 8-float accumulators would not fit the 16 AVX2 registers: two passes over half a panel each.
            for (nuint h = 0; h < Width; h += 16)
            {
                Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default;
                Vector256<float> a20 = default, a21 = default, a30 = default, a31 = default;
                for (nuint j = 0; j < d; j++)
                {
                    var w0 = TElement.Load256(ref w, (j * Width) + h);
                    var w1 = TElement.Load256(ref w, (j * Width) + h + 8);
                    var x = Vector256.Create(Unsafe.Add(ref q0, j));
                    a00 = MultiplyAdd(x, w0, a00);
                    a01 = MultiplyAdd(x, w1, a01);
                    x = Vector256.Create(Unsafe.Add(ref q1, j));
                    a10 = MultiplyAdd(x, w0, a10);
                    a11 = MultiplyAdd(x, w1, a11);
                    x = Vector256.Create(Unsafe.Add(ref q2, j));
                    a20 = MultiplyAdd(x, w0, a20);
                    a21 = MultiplyAdd(x, w1, a21);
                    x = Vector256.Create(Unsafe.Add(ref q3, j));
                    a30 = MultiplyAdd(x, w0, a30);
                    a31 = MultiplyAdd(x, w1, a31);
                }

                var b0 = Vector256.LoadUnsafe(ref bias, h);
                var b1 = Vector256.LoadUnsafe(ref bias, h + 8);
                (a00 + b0).StoreUnsafe(ref o, h);
                (a01 + b1).StoreUnsafe(ref o, h + 8);
                (a10 + b0).StoreUnsafe(ref o, Width + h);
                (a11 + b1).StoreUnsafe(ref o, Width + h + 8);
                (a20 + b0).StoreUnsafe(ref o, (2 * Width) + h);
                (a21 + b1).StoreUnsafe(ref o, (2 * Width) + h + 8);
                (a30 + b0).StoreUnsafe(ref o, (3 * Width) + h);
                (a31 + b1).StoreUnsafe(ref o, (3 * Width) + h + 8);
            }
        }
        else
        {
            ScoreScalar(panel, ref q0, output[..Width]);
            ScoreScalar(panel, ref q1, output.Slice(Width, Width));
            ScoreScalar(panel, ref q2, output.Slice(2 * Width, Width));
            ScoreScalar(panel, ref q3, output.Slice(3 * Width, Width));
        }
    }

    // One query row against one panel: [Width] scores with the bias added.
    private void Score1(int panel, ref float q, Span<float> output)
    {
        var d = (nuint)_dimension;
        ref var w = ref PanelStart(panel);
        ref var bias = ref BiasStart(panel);
        ref var o = ref MemoryMarshal.GetReference(output);
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> a0 = default, a1 = default;
            for (nuint j = 0; j < d; j++)
            {
                var x = Vector512.Create(Unsafe.Add(ref q, j));
                a0 = Vector512.FusedMultiplyAdd(x, TElement.Load512(ref w, j * Width), a0);
                a1 = Vector512.FusedMultiplyAdd(x, TElement.Load512(ref w, (j * Width) + 16), a1);
            }

            (a0 + Vector512.LoadUnsafe(ref bias)).StoreUnsafe(ref o);
            (a1 + Vector512.LoadUnsafe(ref bias, 16)).StoreUnsafe(ref o, 16);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (nuint j = 0; j < d; j++)
            {
                var x = Vector256.Create(Unsafe.Add(ref q, j));
                a0 = MultiplyAdd(x, TElement.Load256(ref w, j * Width), a0);
                a1 = MultiplyAdd(x, TElement.Load256(ref w, (j * Width) + 8), a1);
                a2 = MultiplyAdd(x, TElement.Load256(ref w, (j * Width) + 16), a2);
                a3 = MultiplyAdd(x, TElement.Load256(ref w, (j * Width) + 24), a3);
            }

            (a0 + Vector256.LoadUnsafe(ref bias)).StoreUnsafe(ref o);
            (a1 + Vector256.LoadUnsafe(ref bias, 8)).StoreUnsafe(ref o, 8);
            (a2 + Vector256.LoadUnsafe(ref bias, 16)).StoreUnsafe(ref o, 16);
            (a3 + Vector256.LoadUnsafe(ref bias, 24)).StoreUnsafe(ref o, 24);
        }
        else
        {
            ScoreScalar(panel, ref q, output[..Width]);
        }
    }

    // One query row against two consecutive panels: four independent sums hide the multiply-add latency that two cannot.
    private void Score1Pair(int panel, ref float q, Span<float> output)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            Score1(panel, ref q, output[..Width]);
            Score1(panel + 1, ref q, output.Slice(Width, Width));
            return;
        }

        var d = (nuint)_dimension;
        ref var w = ref PanelStart(panel);
        ref var v = ref PanelStart(panel + 1);
        ref var bias = ref BiasStart(panel);
        ref var o = ref MemoryMarshal.GetReference(output);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (nuint j = 0; j < d; j++)
        {
            var x = Vector512.Create(Unsafe.Add(ref q, j));
            a0 = Vector512.FusedMultiplyAdd(x, TElement.Load512(ref w, j * Width), a0);
            a1 = Vector512.FusedMultiplyAdd(x, TElement.Load512(ref w, (j * Width) + 16), a1);
            a2 = Vector512.FusedMultiplyAdd(x, TElement.Load512(ref v, j * Width), a2);
            a3 = Vector512.FusedMultiplyAdd(x, TElement.Load512(ref v, (j * Width) + 16), a3);
        }

        (a0 + Vector512.LoadUnsafe(ref bias)).StoreUnsafe(ref o);
        (a1 + Vector512.LoadUnsafe(ref bias, 16)).StoreUnsafe(ref o, 16);
        (a2 + Vector512.LoadUnsafe(ref bias, 32)).StoreUnsafe(ref o, 32);
        (a3 + Vector512.LoadUnsafe(ref bias, 48)).StoreUnsafe(ref o, 48);
    }

    private void ScoreScalar(int panel, ref float q, Span<float> output)
    {
        ref var w = ref PanelStart(panel);
        ref var bias = ref BiasStart(panel);
        for (var lane = 0; lane < Width; lane++)
        {
            var sum = 0f;
            for (var j = 0; j < _dimension; j++)
            {
                sum += Unsafe.Add(ref q, j) * TElement.ToSingle(Unsafe.Add(ref w, (j * Width) + lane));
            }

            output[lane] = sum + Unsafe.Add(ref bias, lane);
        }
    }
}
