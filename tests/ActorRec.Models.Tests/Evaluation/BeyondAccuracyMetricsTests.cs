using ActorRec.Models.Baselines;
using ActorRec.Models.Evaluation;
using Xunit;

namespace ActorRec.Models.Tests.Evaluation;

public sealed class BeyondAccuracyMetricsTests
{
    // Training supports 4, 3, 2, 1, 0 over 10 events: the 0.9 quantile (5th of 5 ascending) is 4, so items 1-4 are the long tail.
    private static readonly int[] TrainingSession = [0, 1, 0, 1, 0, 1, 0, 2, 2, 3];

    // The test session 0 -> 1 -> 0 -> 2 repeats item 0; its targets are events 1, 2 and 3.
    private static readonly int[] TestSession = [0, 1, 0, 2];

    private static readonly TopKLists Lists = new(3,
    [
        -1, -1, -1, // event 0 starts the session
        0, 1, 4, // after 0 (seen 0)
        2, 0, 3, // after 1 (seen 0, 1)
        1, 0, 2, // after 0 (seen 0, 1)
    ]);

    // 2-D vectors: 0 and 1 orthogonal, 2 at 45 degrees, 3 opposite 0, 4 parallel to 0 (a zero distance).
    private static readonly float[,] Embeddings = { { 1, 0 }, { 0, 1 }, { 1, 1 }, { -1, 0 }, { 2, 0 } };

    // Item 3 has no category, so it is a category of its own.
    private static readonly Dictionary<int, string> Categories = new() { [0] = "a", [1] = "a", [2] = "b", [4] = "b" };

    private static double Information(double probability) => -Math.Log2(probability);

    [Fact]
    public void Compute_AtTwo_GivesHandComputedValues()
    {
        // Arrange
        var training = TestSessions.Create(5, TrainingSession);
        var test = TestSessions.Create(5, TestSession);

        // Act
        var report = BeyondAccuracyMetrics.Compute(Lists, training, test, k: 2, Embeddings, Categories);

        // Assert: the top-2 lists are [0, 1], [2, 0], [1, 0].
        Assert.Equal(2, report.K);
        Assert.Equal(3, report.Lists);
        Assert.Equal(4, report.LongTailThreshold);
        Assert.Equal(4, report.LongTailItems);
        Assert.Equal(3.0 / 5, report.Coverage, 12);
        Assert.Equal(2.0 / 4, report.LongTailCoverage, 12); // items 1 and 2 of the tail 1, 2, 3, 4
        var novelty = ((3 * Information(0.4)) + (2 * Information(0.3)) + Information(0.2)) / 6;
        Assert.Equal(novelty, report.Novelty, 12);
        Assert.Equal(3.0 / 6, report.LongTailShare, 12); // 1, 2, 1 of six recommendations
        Assert.Equal((1 + (1 - (Math.Sqrt(2) / 2)) + 1) / 3, report.Diversity!.Value, 6);
        Assert.Equal((0.5 + 1 + 0.5) / 3, report.CategoryDiversity!.Value, 12);
        Assert.Equal((1 + 1 + 2) / 3.0, report.Repetitiveness, 12); // 0; 0; then 1 and 0 both seen
    }

    [Fact]
    public void Compute_AtThree_CountsZeroSupportAsOneAndParallelVectorsAsZeroDistance()
    {
        // Arrange
        var training = TestSessions.Create(5, TrainingSession);
        var test = TestSessions.Create(5, TestSession);

        // Act
        var report = BeyondAccuracyMetrics.Compute(Lists, training, test, k: 3, Embeddings, Categories);

        // Assert: the lists are [0, 1, 4], [2, 0, 3], [1, 0, 2]; item 4 has no support and counts as support 1.
        Assert.Equal(1.0, report.Coverage, 12);
        Assert.Equal(1.0, report.LongTailCoverage, 12);
        var novelty = ((3 * Information(0.4)) + (2 * Information(0.3)) + (2 * Information(0.2)) + (2 * Information(0.1))) / 9;
        Assert.Equal(novelty, report.Novelty, 12);
        Assert.Equal(6.0 / 9, report.LongTailShare, 12);

        // Pair distances: {1, 0, 1}, {1 - r, 1 + r, 2}, {1, 1 - r, 1 - r} with r = sqrt(2)/2.
        Assert.Equal((9 - Math.Sqrt(2)) / 9, report.Diversity!.Value, 6);
        Assert.Equal(((2.0 / 3) + 1 + (2.0 / 3)) / 3, report.CategoryDiversity!.Value, 12);
        Assert.Equal((1 + 1 + 2) / 3.0, report.Repetitiveness, 12); // item 2 of the last list is not seen yet
    }

    [Fact]
    public void Compute_FlatEmbeddings_MatchTwoDimensionalOnes()
    {
        // Arrange
        var training = TestSessions.Create(5, TrainingSession);
        var test = TestSessions.Create(5, TestSession);
        float[] flat = [1, 0, 0, 1, 1, 1, -1, 0, 2, 0];

        // Act
        var fromMatrix = BeyondAccuracyMetrics.Compute(Lists, training, test, k: 3, Embeddings);
        var fromFlat = BeyondAccuracyMetrics.Compute(Lists, training, test, k: 3, flat, dimension: 2);

        // Assert
        Assert.Equal(fromMatrix, fromFlat);
        Assert.Null(fromFlat.CategoryDiversity);
    }

    [Fact]
    public void Compute_WithoutEmbeddingsOrCategories_LeavesThoseMetricsNull()
    {
        // Arrange
        var training = TestSessions.Create(5, TrainingSession);
        var test = TestSessions.Create(5, TestSession);

        // Act
        var report = BeyondAccuracyMetrics.Compute(Lists, training, test, k: 1);

        // Assert: the top-1 lists are [0], [2], [1]; the first and last repeat a seen item.
        Assert.Null(report.Diversity);
        Assert.Null(report.CategoryDiversity);
        Assert.Equal(3.0 / 5, report.Coverage, 12);
        Assert.Equal(2.0 / 3, report.Repetitiveness, 12);
    }

    [Fact]
    public void Compute_CutoffAboveListWidth_Throws()
    {
        var training = TestSessions.Create(5, TrainingSession);
        var test = TestSessions.Create(5, TestSession);

        Assert.Throws<ArgumentOutOfRangeException>(() => BeyondAccuracyMetrics.Compute(Lists, training, test, k: 4));
    }

    [Fact]
    public void LongTailThreshold_IsTheNearestRankNinetiethPercentile()
    {
        // Ten items with supports 1..10: the 9th smallest is 9, so the eight items below it form the long tail.
        long[] support = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];

        Assert.Equal(9, BeyondAccuracyMetrics.LongTailThreshold(support));
    }

    [Fact]
    public void Compute_OnEvaluatorTopK_CoverageMatchesEvaluatorCoverage()
    {
        // Arrange
        var training = TestSessions.Random(seed: 7, sessionCount: 40, itemCount: 12, maxLength: 6, ["click"]);
        var test = TestSessions.Random(seed: 8, sessionCount: 25, itemCount: 12, maxLength: 6, ["click"]);
        var evaluator = new Evaluator(new EvaluationOptions { Cutoffs = [1, 5, 10], BatchSize = 4, RecordTopK = true });

        // Act
        var report = evaluator.Evaluate(new MostPopularScorer(training), test, TestContext.Current.CancellationToken);

        // Assert
        foreach (var k in new[] { 1, 5, 10 })
        {
            var beyond = BeyondAccuracyMetrics.Compute(report.TopK!, training, test, k);
            Assert.Equal(report.Targets, beyond.Lists);
            Assert.Equal(report.At(k).Coverage!.Value, beyond.Coverage, 12);
        }
    }
}
