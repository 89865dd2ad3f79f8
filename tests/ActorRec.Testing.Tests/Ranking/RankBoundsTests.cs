using ActorRec.Testing.Ranking;
using Xunit;

namespace ActorRec.Testing.Tests.Ranking;

public sealed class RankBoundsTests
{
    private static readonly ScoreTolerance Tolerance = new(1e-4f);

    [Fact]
    public void Far_from_ties_the_rank_is_exact()
    {
        float[] scores = [0.1f, 3.0f, 2.0f, 5.0f, 1.0f];

        Assert.Equal(new RankBounds(3, 3), RankBounds.Of(scores, 2, Tolerance));
        Assert.Equal(new RankBounds(1, 1), RankBounds.Of(scores, 3, Tolerance));
    }

    [Fact]
    public void Items_tied_with_the_target_may_rank_on_either_side_of_it()
    {
        // The target (index 2) ties with one item above it and one below it, to 1e-6.
        float[] scores = [9.0f, 4.000001f, 4.0f, 3.999999f, 1.0f];

        Assert.Equal(new RankBounds(2, 4), RankBounds.Of(scores, 2, Tolerance));
    }

    [Fact]
    public void A_target_tied_with_the_kth_score_may_be_in_or_out_of_the_list()
    {
        float[] scores = [9.0f, 8.0f, 7.0000005f, 7.0f];
        var bounds = RankBounds.Of(scores, 3, Tolerance);

        Assert.Equal(new RankBounds(3, 4), bounds);
        Assert.True(bounds.Admits(3, k: 3));
        Assert.True(bounds.Admits(null, k: 3));
        Assert.False(bounds.Admits(2, k: 3));
        Assert.False(RankBounds.Of(scores, 1, Tolerance).Admits(null, k: 3));
    }

    [Fact]
    public void Metric_bounds_are_exact_without_ties_and_open_by_the_tied_targets_only()
    {
        var bounds = new MetricBounds(k: 2);
        bounds.Add(new RankBounds(1, 1));
        bounds.Add(new RankBounds(5, 5));
        bounds.Add(new RankBounds(2, 3));

        Assert.Equal((1.0 / 3, 2.0 / 3), bounds.HitRate);
        Assert.Equal(1.0 / 3, bounds.Mrr.Low, 12);
        Assert.Equal((1 + 0.5) / 3, bounds.Mrr.High, 12);
        Assert.Equal(1, bounds.AtTheEdge);
        bounds.AssertContains(2.0 / 3, 0.5, "in range");
        Assert.ThrowsAny<Exception>(() => bounds.AssertContains(1.0, 0.5, "out of range"));
    }
}
