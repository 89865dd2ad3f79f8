using ActorRec.Models.Evaluation;
using TorchSharp;

namespace ActorRec.Models.Tests.Evaluation;

/// <summary>A stateless fake whose scores are a fixed row per current item, for hand-computed ranks.</summary>
internal sealed class TableScorer(float[][] rows) : INextItemScorer
{
    public string Name => "table";

    public int ItemCount => rows[0].Length;

    public IScoringBatch StartBatch(int slots) => new Batch(rows);

    private sealed class Batch(float[][] rows) : IScoringBatch
    {
        public torch.Tensor Step(torch.Tensor items, torch.Tensor reset)
        {
            var current = items.data<long>().ToArray();
            var scores = current.SelectMany(item => rows[item]).ToArray();
            return torch.tensor(scores, [current.Length, rows[0].Length]);
        }

        public void Dispose()
        {
        }
    }
}
