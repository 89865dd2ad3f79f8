using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using TorchSharp;

namespace ActorRec.Models.Baselines;

/// <summary>Scores every item by its event count in the training sessions, the same list for every session and step.</summary>
public sealed class MostPopularScorer : INextItemScorer
{
    private readonly float[] _scores;

    public MostPopularScorer(SessionDataset training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var counts = training.ItemSupport();
        Counts = counts;
        _scores = Array.ConvertAll(counts, count => (float)count);
    }

    public string Name => "MostPopular";

    public int ItemCount => _scores.Length;

    /// <summary>Training event count per item, indexed by dense item index.</summary>
    public IReadOnlyList<long> Counts { get; }

    public IScoringBatch StartBatch(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        return new Batch(slots, _scores);
    }

    private sealed class Batch : IScoringBatch
    {
        private readonly int _slots;
        private readonly torch.Tensor _row;

        public Batch(int slots, float[] scores)
        {
            _slots = slots;

            // The row lives as long as the batch, not as long as whatever dispose scope StartBatch was called in.
            _row = torch.tensor(scores, [1, scores.Length]).DetachFromDisposeScope();
        }

        /// <summary>Returns a read-only broadcast view of the popularity row: no [slots, items] copy per step.</summary>
        public torch.Tensor Step(torch.Tensor items, torch.Tensor reset) => _row.expand(_slots, -1);

        public void Dispose() => _row.Dispose();
    }
}
