using ActorRec.Models.Evaluation;
using Xunit;

namespace ActorRec.Models.Tests.Evaluation;

public sealed class EvaluatorMetricsTests
{
    // One session 0 -> 1 -> 2 -> 3 whose targets rank 1, 3 and 5 in a catalog of 5 items.
    private static readonly float[][] RanksOneThreeFive =
    [
        [0.2f, 0.9f, 0.5f, 0.4f, 0.0f], // after 0: target 1 is best; top 3 = 1, 2, 3
        [0.5f, 0.1f, 0.3f, 0.9f, 0.2f], // after 1: target 2 has 0.5 and 0.9 above it; top 3 = 3, 0, 2
        [0.9f, 0.8f, 0.7f, 0.1f, 0.6f], // after 2: target 3 is last; top 3 = 0, 1, 2
        [0.0f, 0.0f, 0.0f, 0.0f, 0.0f],
        [0.0f, 0.0f, 0.0f, 0.0f, 0.0f],
    ];

    [Fact]
    public void Evaluate_HandComputedRanks_GivesExactRecallMrrNdcgAndCoverage()
    {
        // Arrange
        var test = TestSessions.Create(5, [0, 1, 2, 3]);
        var evaluator = new Evaluator(new EvaluationOptions { Cutoffs = [1, 3], RecordRanks = true });

        // Act
        var report = evaluator.Evaluate(new TableScorer(RanksOneThreeFive), test, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal([0, 1, 3, 5], report.Ranks!);
        Assert.Equal(3, report.Targets);
        var at1 = report.At(1);
        Assert.Equal(1.0 / 3, at1.Recall, 12);
        Assert.Equal(1.0 / 3, at1.Mrr, 12);
        Assert.Equal(1.0 / 3, at1.Ndcg, 12);
        Assert.Equal(3.0 / 5, at1.Coverage!.Value, 12);
        var at3 = report.At(3);
        Assert.Equal(2.0 / 3, at3.Recall, 12);
        Assert.Equal((1 + (1.0 / 3)) / 3, at3.Mrr, 12);
        Assert.Equal((1 + 0.5) / 3, at3.Ndcg, 12); // 1/log2(3 + 1) = 0.5 for rank 3
        Assert.Equal(4.0 / 5, at3.Coverage!.Value, 12);
        Assert.Equal("table", report.Model);
        Assert.Equal("standard", report.RankingRule);
    }

    [Fact]
    public void Evaluate_RecordTopK_KeepsBestFirstListsAtTargetIndices()
    {
        // Arrange
        var test = TestSessions.Create(5, [0, 1, 2, 3]);
        var evaluator = new Evaluator(new EvaluationOptions { Cutoffs = [1, 3], RecordTopK = true });

        // Act
        var topK = evaluator.Evaluate(new TableScorer(RanksOneThreeFive), test, TestContext.Current.CancellationToken).TopK!;

        // Assert
        Assert.Equal(3, topK.Width);
        Assert.Equal([-1, -1, -1], topK[0].ToArray());
        Assert.Equal([1, 2, 3], topK[1].ToArray());
        Assert.Equal([3, 0, 2], topK[2].ToArray());
        Assert.Equal([0, 1, 2], topK[3].ToArray());
    }

    [Fact]
    public void Evaluate_CutoffBeyondCatalog_CountsEveryTargetAsHit()
    {
        // Arrange
        var test = TestSessions.Create(5, [0, 1, 2, 3]);
        var evaluator = new Evaluator(new EvaluationOptions { Cutoffs = [1, 10] });

        // Act
        var report = evaluator.Evaluate(new TableScorer(RanksOneThreeFive), test, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(1.0, report.At(10).Recall, 12);
        Assert.Equal((1 + (1.0 / 3) + (1.0 / 5)) / 3, report.At(10).Mrr, 12);
        Assert.Equal(1.0, report.At(10).Coverage!.Value, 12);
    }

    [Theory]
    [InlineData(RankingRule.Standard, 2, "standard")]
    [InlineData(RankingRule.Conservative, 4, "conservative")]
    public void Evaluate_TiedTarget_RanksByRule(RankingRule rule, int expectedRank, string expectedName)
    {
        // Arrange: target 1 ties with items 0 and 2 at 0.5; item 4 scores higher.
        float[][] rows = [[0.5f, 0.5f, 0.5f, 0.1f, 0.9f], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]];
        var test = TestSessions.Create(5, [0, 1]);
        var evaluator = new Evaluator(new EvaluationOptions { Cutoffs = [1, 5], RankingRule = rule, RecordRanks = true });

        // Act
        var report = evaluator.Evaluate(new TableScorer(rows), test, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(expectedRank, report.Ranks![1]);
        Assert.Equal(1.0 / expectedRank, report.At(5).Mrr, 12);
        Assert.Equal(expectedName, report.RankingRule);
    }

    [Theory]
    [InlineData(RankingRule.Standard, 1)]
    [InlineData(RankingRule.Conservative, 5)]
    public void Evaluate_ConstantScorer_RanksFirstOrLastByRule(RankingRule rule, int expectedRank)
    {
        // Arrange
        var zeros = Enumerable.Range(0, 5).Select(_ => new float[5]).ToArray();
        var test = TestSessions.Create(5, [0, 3, 4]);
        var evaluator = new Evaluator(new EvaluationOptions { RankingRule = rule, RecordRanks = true });

        // Act
        var report = evaluator.Evaluate(new TableScorer(zeros), test, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal([0, expectedRank, expectedRank], report.Ranks!);
    }

    [Fact]
    public void Evaluate_SeveralEventTypes_BreaksMetricsDownByTargetType()
    {
        // Arrange: targets are a click (rank 1), a buy (rank 3) and a click (rank 5); no target is a cart.
        var test = TestSessions.Create(5, ["click", "buy", "cart"], [[0, 1, 2, 3]], [[0, 0, 1, 0]]);
        var evaluator = new Evaluator(new EvaluationOptions { Cutoffs = [1, 3] });

        // Act
        var report = evaluator.Evaluate(new TableScorer(RanksOneThreeFive), test, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(["click", "buy", "cart"], report.ByEventType.Select(t => t.EventType));
        var click = report.ByEventType[0];
        Assert.Equal(2, click.Targets);
        Assert.Equal(0.5, click.Metrics[0].Recall, 12);
        Assert.Equal(0.5, click.Metrics[1].Recall, 12);
        Assert.Null(click.Metrics[0].Coverage);
        var buy = report.ByEventType[1];
        Assert.Equal(1, buy.Targets);
        Assert.Equal(0, buy.Metrics[0].Recall);
        Assert.Equal(1.0, buy.Metrics[1].Recall, 12);
        Assert.Equal(1.0 / 3, buy.Metrics[1].Mrr, 12);
        var cart = report.ByEventType[2];
        Assert.Equal(0, cart.Targets);
        Assert.All(cart.Metrics, m => Assert.Equal(0, m.Recall));
    }

    [Fact]
    public void Evaluate_SingleEventType_HasNoBreakdown()
    {
        // Arrange
        var test = TestSessions.Create(5, [0, 1, 2, 3]);

        // Act
        var report = new Evaluator().Evaluate(new TableScorer(RanksOneThreeFive), test, TestContext.Current.CancellationToken);

        // Assert
        Assert.Empty(report.ByEventType);
        Assert.Equal([1, 5, 10, 20], report.Metrics.Select(m => m.K));
    }

    [Fact]
    public void Evaluate_NaNTargetScore_Throws()
    {
        // Arrange
        float[][] rows = [[0, float.NaN], [0, 0]];
        var test = TestSessions.Create(2, [0, 1]);

        // Act
        var act = () => new Evaluator().Evaluate(new TableScorer(rows), test, TestContext.Current.CancellationToken);

        // Assert
        Assert.Throws<InvalidOperationException>(act);
    }

    [Fact]
    public void Evaluate_TestItemOutsideCatalog_Throws()
    {
        // Arrange
        float[][] rows = [[0, 0], [0, 0]];
        var test = TestSessions.Create(3, [0, 2]);

        // Act
        var act = () => new Evaluator().Evaluate(new TableScorer(rows), test, TestContext.Current.CancellationToken);

        // Assert
        Assert.Throws<ArgumentException>(act);
    }
}
