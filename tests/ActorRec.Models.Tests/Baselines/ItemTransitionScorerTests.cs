using ActorRec.Models.Baselines;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Tests.Evaluation;
using TorchSharp;
using Xunit;

namespace ActorRec.Models.Tests.Baselines;

public sealed class ItemTransitionScorerTests
{
    [Fact]
    public void Constructor_CountsDirectedImmediateSuccessions()
    {
        // Arrange
        var training = TrainingSessions.Create();

        // Act
        var scorer = new ItemTransitionScorer(training);

        // Assert
        Assert.Equal(5, scorer.TransitionPairs);
        Assert.Equal(2, scorer.TransitionCount(0, 1));
        Assert.Equal(1, scorer.TransitionCount(0, 2));
        Assert.Equal(1, scorer.TransitionCount(1, 2));
        Assert.Equal(1, scorer.TransitionCount(1, 0)); // not 2: the boundary [0, 1] | [0, 2] is no succession
        Assert.Equal(1, scorer.TransitionCount(3, 3));
        Assert.Equal(0, scorer.TransitionCount(2, 0)); // neither backwards from 0 -> 2 nor across [0, 1, 2] | [0, 1]
        Assert.Equal(0, scorer.TransitionCount(2, 1));
        Assert.Equal(0, scorer.TransitionCount(5, 0));
    }

    [Fact]
    public void Step_ScoresSuccessorsByCountPlusPopularityTieBreaker_PerSlot()
    {
        // Arrange: the tie-breaker is 0.5 * support / (4 + 1) = 0.1 * support: 0.4, 0.3, 0.2, 0.2, 0.1, 0.
        var scorer = new ItemTransitionScorer(TrainingSessions.Create());
        using var batch = scorer.StartBatch(3);
        using var scope = torch.NewDisposeScope();

        // Act
        var scores = batch.Step(torch.tensor(new long[] { 0, 5, 3 }), torch.tensor(new[] { true, true, true }));

        // Assert
        var rows = scores.data<float>().ToArray().Chunk(6).ToArray();
        Assert.Equal([0.4f, 2.3f, 1.2f, 0.2f, 0.1f, 0f], rows[0]);
        Assert.Equal([0.4f, 0.3f, 0.2f, 0.2f, 0.1f, 0f], rows[1]);
        Assert.Equal([0.4f, 0.3f, 0.2f, 1.2f, 0.1f, 0f], rows[2]);
    }

    [Fact]
    public void Step_ItemWithoutSuccessors_FallsBackToPopularityOrder()
    {
        // Arrange
        var scorer = new ItemTransitionScorer(TrainingSessions.Create());
        using var batch = scorer.StartBatch(1);
        using var scope = torch.NewDisposeScope();

        // Act
        var scores = batch.Step(torch.tensor(new long[] { 4 }), torch.tensor(new[] { true })).data<float>().ToArray();

        // Assert
        var order = Enumerable.Range(0, 6).OrderByDescending(item => scores[item]).ThenBy(item => item);
        Assert.Equal([0, 1, 2, 3, 4, 5], order);
        Assert.All(scores, score => Assert.InRange(score, 0f, 0.5f));
    }

    [Fact]
    public void Evaluate_EqualCounts_AreOrderedByPopularity()
    {
        // Arrange: after 1, items 2 and 0 both followed once; 0 is more popular, so target 2 ranks second.
        var scorer = new ItemTransitionScorer(TrainingSessions.Create());
        var test = TestSessions.Create(6, [0, 1, 2]);

        // Act
        var report = new Evaluator(new EvaluationOptions { RecordRanks = true }).Evaluate(scorer, test, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal([0, 1, 2], report.Ranks!);
        Assert.Equal("ItemTransition", report.Model);
    }

    [Fact]
    public void Step_AfterTheScopeThatStartedTheBatchIsDisposed_StillScores()
    {
        // Arrange
        var scorer = new ItemTransitionScorer(TrainingSessions.Create());
        IScoringBatch batch;
        using (torch.NewDisposeScope())
        {
            batch = scorer.StartBatch(1);
        }

        // Act
        float[] scores;
        using (torch.NewDisposeScope())
        {
            scores = batch.Step(torch.tensor(new long[] { 1 }), torch.tensor(new[] { true })).data<float>().ToArray();
        }

        batch.Dispose();

        // Assert
        Assert.Equal([1.4f, 0.3f, 1.2f, 0.2f, 0.1f, 0f], scores);
    }
}
