using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Scoring;
using ActorRec.Models.Sessions;
using ActorRec.Models.Tests.Evaluation;
using ActorRec.Testing.Ranking;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Models.Tests.Scoring;

/// <summary>
/// The evaluator with <see cref="EvaluationOptions.FusedScoring"/> ranks every target where the model's own ScoreAll,
/// walked one session at a time, puts it, up to near-ties, under both ranking rules; as the torch path does.
/// </summary>
public sealed class FusedEvaluationTests
{
    private const int ItemCount = 300;

    private static readonly SessionDataset Test = TestSessions.Random(seed: 3, sessionCount: 120, ItemCount, maxLength: 8, ["click"]);

    [Theory]
    [InlineData(RankingRule.Standard, new[] { 16 })]
    [InlineData(RankingRule.Conservative, new[] { 16 })]
    [InlineData(RankingRule.Standard, new[] { 8, 12 })]
    public void Fused_ranks_agree_with_the_models_own_scores_up_to_near_ties(RankingRule rule, int[] layers)
    {
        // Arrange
        var vocabulary = new ItemVocabulary(Enumerable.Range(0, ItemCount).Select(i => $"i{i}"));
        using var model = Gru4RecModel.Create(vocabulary, new Gru4RecOptions { Layers = layers }, CPU, seed: 5);
        using (no_grad())
        {
            model.Network.OutputBias.copy_(randn(model.Network.OutputBias.shape, generator: new TorchSharp.torch.Generator(9)));
        }

        var (bounds, scores) = Reference(model, Test);
        EvaluationReport Run(FusedScorerOptions? fused) => new Evaluator(new EvaluationOptions
        {
            BatchSize = 17,
            RankingRule = rule,
            RecordRanks = true,
            RecordTopK = true,
            FusedScoring = fused,
        }).Evaluate(model, Test, TestContext.Current.CancellationToken);

        // Act
        var torchPath = Run(null);
        var fusedPath = Run(new FusedScorerOptions { Threads = 2, MinItemsPerThread = 64, BlockBytes = 4096 });

        // Assert
        Assert.Equal(torchPath.Targets, fusedPath.Targets);
        for (var e = 0; e < Test.EventCount; e++)
        {
            if (bounds[e] is { } b)
            {
                Assert.True(b.Best <= fusedPath.Ranks![e] && fusedPath.Ranks[e] <= b.Worst, $"event {e}: fused rank {fusedPath.Ranks[e]}, the scores allow {b}");
                Assert.True(b.Best <= torchPath.Ranks![e] && torchPath.Ranks[e] <= b.Worst, $"event {e}: torch rank {torchPath.Ranks[e]}, the scores allow {b}");
            }
        }

        // Each list holds, best first, items whose reference scores reach the reference's width-th best, up to near-ties.
        var width = fusedPath.TopK!.Width;
        for (var e = 0; e < Test.EventCount; e++)
        {
            if (scores[e] is not { } reference)
            {
                continue;
            }

            var edge = reference.Order().Reverse().ElementAt(width - 1);
            var list = fusedPath.TopK[e].ToArray();
            for (var i = 0; i < width; i++)
            {
                var score = reference[list[i]];
                Assert.True(score >= edge || ScoreTolerance.Recurrent.MayReorder(score, edge), $"event {e}: item {list[i]} ({score:G9}) is below the top {width} (edge {edge:G9})");
                Assert.True(i == 0 || reference[list[i - 1]] >= score || ScoreTolerance.Recurrent.MayReorder(reference[list[i - 1]], score), $"event {e}: list out of order at {i}");
            }
        }
    }

    // Each session alone, one row at a time, through the seam: every target's ScoreAll row and the bounds of its rank there.
    private static (RankBounds?[] Bounds, float[]?[] Scores) Reference(ISessionModel model, SessionDataset test)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var bounds = new RankBounds?[test.EventCount];
        var rows = new float[]?[test.EventCount];
        for (var session = 0; session < test.SessionCount; session++)
        {
            var start = test.SessionOffsets[session];
            var items = test.SessionItems(session);
            var hidden = model.InitialHidden(1);
            for (var i = 0; i + 1 < items.Length; i++)
            {
                hidden = model.Advance(hidden, tensor(new long[] { items[i] }));
                var scores = model.ScoreAll(hidden).data<float>().ToArray();
                rows[start + i + 1] = scores;
                bounds[start + i + 1] = RankBounds.Of(scores, items[i + 1], ScoreTolerance.Recurrent);
            }
        }

        return (bounds, rows);
    }
}
