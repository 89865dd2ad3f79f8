using ActorRec.Models.Evaluation;
using TorchSharp;

namespace ActorRec.Models.Tests.Evaluation;

/// <summary>
/// A fake with per-slot state, like a GRU's hidden state: it scores by the last two items seen since the slot's reset,
/// with a small modulus so ties are frequent. <see cref="Score"/> is the same function on the host, for reference ranks.
/// </summary>
internal sealed class LastTwoItemsScorer(int itemCount) : INextItemScorer
{
    private const int Modulus = 11;

    public string Name => "last-two";

    public int ItemCount => itemCount;

    /// <summary>Score of <paramref name="item"/> after <paramref name="current"/>, where previous is -1 at a session's first event.</summary>
    public static float Score(long previous, long current, long item) => (((previous + 2) * 7) + (current * 13) + (item * 5)) % Modulus;

    public IScoringBatch StartBatch(int slots) => new Batch(slots, itemCount);

    private sealed class Batch(int slots, int itemCount) : IScoringBatch
    {
        private readonly long[] _previous = new long[slots];
        private readonly long[] _current = new long[slots];

        public torch.Tensor Step(torch.Tensor items, torch.Tensor reset)
        {
            var fed = items.data<long>().ToArray();
            var resets = reset.data<bool>().ToArray();
            var offsets = new long[slots];
            for (var slot = 0; slot < slots; slot++)
            {
                _previous[slot] = resets[slot] ? -1 : _current[slot];
                _current[slot] = fed[slot];
                offsets[slot] = ((_previous[slot] + 2) * 7) + (_current[slot] * 13);
            }

            var scores = torch.tensor(offsets).unsqueeze(1) + (torch.arange(itemCount, torch.int64) * 5).unsqueeze(0);
            return scores.remainder(Modulus).to_type(torch.float32);
        }

        public void Dispose()
        {
        }
    }
}
