using ActorRec.Models.Evaluation;
using TorchSharp;

namespace ActorRec.Models.Tests.Evaluation;

/// <summary>A fake that records the items and reset flags of every step and scores every item 0.</summary>
internal sealed class RecordingScorer(int itemCount) : INextItemScorer
{
    public string Name => "recording";

    public int ItemCount => itemCount;

    public int? Slots { get; private set; }

    public List<long[]> Items { get; } = [];

    public List<bool[]> Resets { get; } = [];

    public IScoringBatch StartBatch(int slots)
    {
        Slots = slots;
        return new Batch(this);
    }

    private sealed class Batch(RecordingScorer owner) : IScoringBatch
    {
        public torch.Tensor Step(torch.Tensor items, torch.Tensor reset)
        {
            owner.Items.Add(items.data<long>().ToArray());
            owner.Resets.Add(reset.data<bool>().ToArray());
            return torch.zeros(items.shape[0], owner.ItemCount);
        }

        public void Dispose()
        {
        }
    }
}
