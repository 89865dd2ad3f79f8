using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Reinforcement;
using ActorRec.Models.Scoring;
using ActorRec.Models.Sessions;
using ActorRec.Testing.Ranking;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Models.Tests.Scoring;

/// <summary>
/// Every registered kind exposes the query and item table its serving head multiplies: ScoreAll equals
/// queries x weights^T + bias, and the fused scorer over that table gives the torch path's top-k.
/// </summary>
public sealed class DotProductHeadTests
{
    public static TheoryData<string, int[], bool> Heads => new()
    {
        { QLearningOptions.SqnKind, [16], false },
        { Gru4RecModel.Gru4RecKind, [16], false },
        { Gru4RecModel.Gru4RecKind, [12, 20], false },
        { QLearningOptions.SqnKind, [16], true },
        { QLearningOptions.SmorlKind, [16], true },
        { QLearningOptions.SmorlKind, [12, 20], false },
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void ScoreAll_is_the_queries_times_the_exported_table(string kind, int[] layers, bool qHead)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var model = NewModel(kind, layers, qHead);
        var head = DotProductHeads.Find(model) ?? throw new InvalidOperationException($"A {kind} model has no dot-product head.");
        var hidden = model.Advance(randn(5, model.HiddenSize, generator: new TorchSharp.torch.Generator(3)), tensor(new long[] { 0, 4, 9, 16, 56 }));

        var scores = model.ScoreAll(hidden).data<float>().ToArray();
        var queries = head.Queries(hidden).contiguous().data<float>().ToArray();
        var table = head.ExportItemTable();

        Assert.Equal(layers[^1], head.QueryDimension);
        Assert.Equal(model.ItemCount, table.ItemCount);
        Assert.Equal(head.QueryDimension, table.Dimension);
        for (var row = 0; row < 5; row++)
        {
            for (var item = 0; item < table.ItemCount; item++)
            {
                double expected = table.Bias[item];
                for (var j = 0; j < table.Dimension; j++)
                {
                    expected += (double)queries[(row * table.Dimension) + j] * table.Weights[(item * table.Dimension) + j];
                }

                var actual = scores[(row * table.ItemCount) + item];
                Assert.True(ScoringTolerance.Product.Same((float)expected, actual), $"{kind} row {row} item {item}: ScoreAll {actual:G9}, table product {expected:G9}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Heads))]
    public void The_fused_scorer_over_the_exported_table_ranks_as_ScoreAll_and_topk(string kind, int[] layers, bool qHead)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var model = NewModel(kind, layers, qHead);
        var head = DotProductHeads.Find(model)!;
        var hidden = randn(3, model.HiddenSize, generator: new TorchSharp.torch.Generator(5));
        var (values, indices) = model.ScoreAll(hidden).topk(10, dim: 1);
        var expectedScores = values.data<float>().ToArray();
        var expectedItems = indices.data<long>().ToArray();

        var fused = new FusedTopKScorer(head.ExportItemTable(), new FusedScorerOptions { Threads = 2 })
            .TopK(head.Queries(hidden).contiguous().data<float>().ToArray(), 10);

        for (var row = 0; row < 3; row++)
        {
            var expected = new RankedList<int>(
                [.. expectedItems.AsSpan(row * 10, 10).ToArray().Select(i => (int)i)], expectedScores.AsSpan(row * 10, 10).ToArray());
            TopKComparison.AssertSame(expected, new RankedList<int>(fused[row].Items, fused[row].Scores), ScoringTolerance.Product, $"{kind} row {row}");
        }
    }

    // SQN and SMORL are GRU4Rec networks with Q heads; biases start at zero, so they are drawn here to be checked too.
    private static ISessionModel NewModel(string kind, int[] layers, bool qHead)
    {
        var vocabulary = new ItemVocabulary(Enumerable.Range(0, 57).Select(i => $"item-{i}"));
        var qLearning = kind switch
        {
            QLearningOptions.SqnKind => QLearningOptions.Sqn with { ServingHead = qHead ? ServingHead.Q : ServingHead.Supervised },
            QLearningOptions.SmorlKind => QLearningOptions.Smorl with { Weights = [1.0, 0.5, 2.0], ServingHead = qHead ? ServingHead.Q : ServingHead.Supervised },
            _ => null,
        };
        var model = Gru4RecModel.Create(vocabulary, new Gru4RecOptions { Layers = layers }, CPU, qLearning, seed: 11);
        using var noGrad = no_grad();
        var generator = new TorchSharp.torch.Generator(17);
        model.Network.OutputBias.copy_(randn(model.Network.OutputBias.shape, generator: generator));
        foreach (var q in model.Network.QHeads)
        {
            q.Bias.copy_(randn(q.Bias.shape, generator: generator));
        }

        model.PrepareForInference();
        Assert.Equal(kind, model.Kind);
        return model;
    }
}
