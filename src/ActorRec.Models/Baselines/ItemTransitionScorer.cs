using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using TorchSharp;

namespace ActorRec.Models.Baselines;

/// <summary>
/// Scores item j after current item i by the number of immediate i -> j successions in the training sessions, plus a
/// popularity tie-breaker 0.5 * support(j) / (maxSupport + 1) that is below 0.5, so successors are ordered by count, equal
/// counts and items never seen after i fall back to popularity order.
/// </summary>
/// <remarks>
/// The tie-breaker stays below 0.5 rather than below 1 because scores are float32: a fraction close to 1 added to a large
/// count can round up to the next integer and tie two different counts; below 0.5 it cannot while counts are under 2^22.
/// Transitions are directed and a repeated item (i -> i) counts like any other. Counts are kept in compressed sparse rows
/// because a dense matrix over a 40k-item catalog would need gigabytes.
/// </remarks>
public sealed class ItemTransitionScorer : INextItemScorer
{
    private readonly int[] _rowOffsets;
    private readonly int[] _successors;
    private readonly int[] _counts;

    // Final scores of the stored successors (count + tie-breaker) and of every item with no transition (the tie-breaker).
    private readonly float[] _successorScores;
    private readonly float[] _baseScores;

    public ItemTransitionScorer(SessionDataset training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var itemCount = training.ItemCount;
        var support = training.ItemSupport();
        var scale = 0.5 / ((support.Length == 0 ? 0 : support.Max()) + 1.0);
        _baseScores = Array.ConvertAll(support, count => (float)(count * scale));

        (_rowOffsets, _successors, _counts) = CountTransitions(training);
        _successorScores = new float[_successors.Length];
        for (var i = 0; i < _successors.Length; i++)
        {
            _successorScores[i] = (float)(_counts[i] + (support[_successors[i]] * scale));
        }

        ItemCount = itemCount;
    }

    public string Name => "ItemTransition";

    public int ItemCount { get; }

    /// <summary>Number of distinct (i, j) pairs seen in succession.</summary>
    public int TransitionPairs => _successors.Length;

    /// <summary>How many times <paramref name="to"/> immediately followed <paramref name="from"/> in a training session.</summary>
    public int TransitionCount(int from, int to)
    {
        var start = _rowOffsets[from];
        var found = Array.BinarySearch(_successors, start, _rowOffsets[from + 1] - start, to);
        return found >= 0 ? _counts[found] : 0;
    }

    public IScoringBatch StartBatch(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        return new Batch(this, slots);
    }

    // Sorting the (from, to) keys gives CSR rows with ascending columns in one pass and no per-row collections.
    private static (int[] RowOffsets, int[] Successors, int[] Counts) CountTransitions(SessionDataset training)
    {
        var itemCount = training.ItemCount;
        var keys = new long[training.TargetCount];
        var n = 0;
        for (var session = 0; session < training.SessionCount; session++)
        {
            var items = training.SessionItems(session);
            for (var i = 1; i < items.Length; i++)
            {
                keys[n++] = ((long)items[i - 1] * itemCount) + items[i];
            }
        }

        Array.Sort(keys, 0, n);
        var rowOffsets = new int[itemCount + 1];
        var successors = new List<int>();
        var counts = new List<int>();
        for (var i = 0; i < n;)
        {
            var key = keys[i];
            var run = i;
            while (run < n && keys[run] == key)
            {
                run++;
            }

            rowOffsets[(key / itemCount) + 1]++;
            successors.Add((int)(key % itemCount));
            counts.Add(run - i);
            i = run;
        }

        for (var item = 0; item < itemCount; item++)
        {
            rowOffsets[item + 1] += rowOffsets[item];
        }

        return (rowOffsets, [.. successors], [.. counts]);
    }

    private sealed class Batch : IScoringBatch
    {
        private readonly ItemTransitionScorer _scorer;
        private readonly int _slots;
        private readonly long[] _current;
        private readonly torch.Tensor _baseRow;

        public Batch(ItemTransitionScorer scorer, int slots)
        {
            _scorer = scorer;
            _slots = slots;
            _current = new long[slots];

            // The row lives as long as the batch, not as long as whatever dispose scope StartBatch was called in.
            _baseRow = torch.tensor(scorer._baseScores, [1, scorer.ItemCount]).DetachFromDisposeScope();
        }

        /// <summary>The popularity row for every slot, overwritten at the successors of each slot's current item.</summary>
        public torch.Tensor Step(torch.Tensor items, torch.Tensor reset)
        {
            items.cpu().data<long>().CopyTo(_current);
            var rowOffsets = _scorer._rowOffsets;
            var nonZeros = 0;
            foreach (var item in _current)
            {
                nonZeros += rowOffsets[item + 1] - rowOffsets[item];
            }

            var scores = _baseRow.repeat(_slots, 1);
            if (nonZeros == 0)
            {
                return scores;
            }

            var flatIndex = new long[nonZeros];
            var values = new float[nonZeros];
            var n = 0;
            for (var slot = 0; slot < _slots; slot++)
            {
                var item = _current[slot];
                var rowStart = (long)slot * _scorer.ItemCount;
                for (var i = rowOffsets[item]; i < rowOffsets[item + 1]; i++)
                {
                    flatIndex[n] = rowStart + _scorer._successors[i];
                    values[n] = _scorer._successorScores[i];
                    n++;
                }
            }

            // Columns are unique within a row, so a plain (non-accumulating) put is exact.
            scores.view(-1).index_put_(torch.tensor(values), torch.tensor(flatIndex));
            return scores;
        }

        public void Dispose() => _baseRow.Dispose();
    }
}
