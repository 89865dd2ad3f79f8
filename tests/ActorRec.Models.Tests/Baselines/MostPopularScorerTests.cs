using ActorRec.Models.Baselines;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Tests.Evaluation;
using TorchSharp;
using Xunit;

namespace ActorRec.Models.Tests.Baselines;

public sealed class MostPopularScorerTests
{
    [Fact]
    public void Step_ScoresEveryItemByTrainingCount_InEverySlot()
    {
        // Arrange
        var scorer = new MostPopularScorer(TrainingSessions.Create());
        using var batch = scorer.StartBatch(3);
        using var scope = torch.NewDisposeScope();

        // Act
        var scores = batch.Step(torch.tensor(new long[] { 5, 0, 2 }), torch.tensor(new[] { true, false, true }));

        // Assert
        Assert.Equal([3L, 6L], scores.shape);
        float[] expected = [4, 3, 2, 2, 1, 0];
        Assert.Equal([.. expected, .. expected, .. expected], scores.contiguous().data<float>().ToArray());
        Assert.Equal([4L, 3, 2, 2, 1, 0], scorer.Counts);
    }

    [Fact]
    public void Step_AfterTheScopeThatStartedTheBatchIsDisposed_StillScores()
    {
        // Arrange
        var scorer = new MostPopularScorer(TrainingSessions.Create());
        IScoringBatch batch;
        using (torch.NewDisposeScope())
        {
            batch = scorer.StartBatch(1);
        }

        // Act
        float[] scores;
        using (torch.NewDisposeScope())
        {
            scores = batch.Step(torch.tensor(new long[] { 0 }), torch.tensor(new[] { true })).contiguous().data<float>().ToArray();
        }

        batch.Dispose();

        // Assert
        Assert.Equal([4f, 3, 2, 2, 1, 0], scores);
    }

    [Fact]
    public void Evaluate_RanksTargetsByPopularity()
    {
        // Arrange
        var scorer = new MostPopularScorer(TrainingSessions.Create());
        var test = TestSessions.Create(6, [5, 0, 1, 4]);

        // Act
        var report = new Evaluator(new EvaluationOptions { RecordRanks = true }).Evaluate(scorer, test, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal([0, 1, 2, 5], report.Ranks!);
        Assert.Equal("MostPopular", report.Model);
    }
}
