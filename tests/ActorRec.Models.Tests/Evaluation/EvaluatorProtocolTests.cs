using ActorRec.Models.Evaluation;
using Xunit;

namespace ActorRec.Models.Tests.Evaluation;

public sealed class EvaluatorProtocolTests
{
    [Fact]
    public void Evaluate_FeedsSessionsInOrder_ResetsExactlyAtSessionStarts_AndIdlesFinishedSlots()
    {
        // Arrange: the single-event session [30] has no target and is skipped.
        var test = TestSessions.Create(44, [10, 11, 12], [20, 21], [30], [40, 41, 42, 43]);
        var scorer = new RecordingScorer(44);

        // Act
        new Evaluator(new EvaluationOptions { BatchSize = 2 }).Evaluate(scorer, test, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(2, scorer.Slots);
        Assert.Equal<long[]>([[10, 20], [11, 40], [0, 41], [0, 42]], scorer.Items);
        Assert.Equal<bool[]>([[true, true], [false, true], [false, false], [false, false]], scorer.Resets);
    }

    [Fact]
    public void Evaluate_FewerSessionsThanBatchSize_StartsOnlyAsManySlotsAsSessions()
    {
        // Arrange
        var test = TestSessions.Create(5, [0, 1], [2], [1, 2, 3], [4, 0]);
        var scorer = new RecordingScorer(5);

        // Act
        new Evaluator(new EvaluationOptions { BatchSize = 512 }).Evaluate(scorer, test, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(3, scorer.Slots);
    }

    [Fact]
    public void Evaluate_IdleSlots_AreNotCounted()
    {
        // Arrange: every row puts item 0 first, so an idle row (fed 0, target 0) would count as a hit at 1.
        // Real targets are 2, 4, 1, 4 with ranks 3, 5, 2, 5; the first slot idles for two steps.
        float[] row = [1.0f, 0.5f, 0.4f, 0.3f, 0.2f];
        var scorer = new TableScorer([row, row, row, row, row]);
        var test = TestSessions.Create(5, [1, 2], [3, 4, 1, 4]);
        var evaluator = new Evaluator(new EvaluationOptions { Cutoffs = [1, 5], BatchSize = 2, RecordRanks = true });

        // Act
        var report = evaluator.Evaluate(scorer, test, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(test.TargetCount, report.Targets);
        Assert.Equal([0, 3, 0, 5, 2, 5], report.Ranks!);
        Assert.Equal(0, report.At(1).Recall);
        Assert.Equal(((1.0 / 3) + (1.0 / 5) + (1.0 / 2) + (1.0 / 5)) / 4, report.At(5).Mrr, 12);
    }

    [Fact]
    public void Evaluate_NoTargets_ReportsZeros()
    {
        // Arrange
        var test = TestSessions.Create(3, [0], [1]);
        var scorer = new RecordingScorer(3);

        // Act
        var report = new Evaluator().Evaluate(scorer, test, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(0, report.Targets);
        Assert.Null(scorer.Slots);
        Assert.All(report.Metrics, m => Assert.Equal(0, m.Recall));
    }
}
