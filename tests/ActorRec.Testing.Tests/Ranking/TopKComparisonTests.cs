using ActorRec.Testing.Ranking;
using Xunit;

namespace ActorRec.Testing.Tests.Ranking;

/// <summary>Constructed near-ties inside a top-k list and at its edge, which a given machine may never produce by itself.</summary>
public sealed class TopKComparisonTests
{
    private static readonly ScoreTolerance Tolerance = new(1e-4f);

    private static readonly RankedList<string> Expected = List(("a", 9.0f), ("b", 7.5f), ("c", 7.2f), ("d", 5.0f), ("e", 4.1f));

    [Fact]
    public void Identical_lists_agree() =>
        Assert.Null(TopKComparison.Difference(Expected, Expected, Tolerance));

    [Fact]
    public void Scores_that_drift_within_the_tolerance_agree() =>
        Assert.Null(TopKComparison.Difference(Expected, List(("a", 9.0005f), ("b", 7.4996f), ("c", 7.2f), ("d", 5.0003f), ("e", 4.1f)), Tolerance));

    [Fact]
    public void A_score_that_drifts_further_is_a_difference() =>
        Assert.Contains("score 3", TopKComparison.Difference(Expected, List(("a", 9.0f), ("b", 7.5f), ("c", 7.2f), ("d", 5.01f), ("e", 4.1f)), Tolerance));

    [Fact]
    public void Two_tied_items_inside_the_list_may_swap()
    {
        var expected = List(("a", 9.0f), ("b", 7.5f), ("c", 7.4999995f), ("d", 5.0f));

        Assert.Null(TopKComparison.Difference(expected, List(("a", 9.0f), ("c", 7.5000005f), ("b", 7.4999998f), ("d", 5.0f)), Tolerance));
    }

    [Fact]
    public void Two_items_that_do_not_tie_may_not_swap()
    {
        var swapped = List(("a", 9.0f), ("c", 7.5f), ("b", 7.2f), ("d", 5.0f), ("e", 4.1f));

        Assert.NotNull(TopKComparison.Difference(Expected, swapped, Tolerance));
    }

    [Fact]
    public void An_item_may_fall_out_at_the_edge_when_the_one_that_comes_in_ties_with_it()
    {
        // The 5th and 6th items of the full ranking tie to 1e-6: one computation cuts after e, the other after f.
        var actual = List(("a", 9.0f), ("b", 7.5f), ("c", 7.2f), ("d", 5.0f), ("f", 4.1000004f));

        Assert.Null(TopKComparison.Difference(Expected, actual, Tolerance));
    }

    [Fact]
    public void An_item_may_not_fall_out_at_the_edge_for_one_that_does_not_tie()
    {
        var actual = List(("a", 9.0f), ("b", 7.5f), ("c", 7.2f), ("d", 5.0f), ("f", 4.0f));

        Assert.NotNull(TopKComparison.Difference(Expected, actual, Tolerance));
    }

    [Fact]
    public void An_item_far_above_the_edge_may_not_be_replaced_even_by_one_with_its_score()
    {
        // Positions and shared items all agree, but a must have dropped below 4.1 to leave the list: not a rounding effect.
        var actual = List(("z", 9.0f), ("b", 7.5f), ("c", 7.2f), ("d", 5.0f), ("e", 4.1f));

        Assert.Contains("does not tie with the last score", TopKComparison.Difference(Expected, actual, Tolerance));
    }

    [Fact]
    public void An_item_in_both_lists_keeps_its_score_wherever_it_is()
    {
        var expected = List(("a", 9.0f), ("b", 7.5f), ("c", 7.5f));
        var actual = List(("a", 9.0f), ("c", 7.5f), ("b", 7.5f));

        Assert.Null(TopKComparison.Difference(expected, actual, Tolerance));
        Assert.Contains("item c scores 7.5", TopKComparison.Difference(Expected, List(("a", 9.0f), ("c", 7.5f), ("b", 7.2f), ("d", 5.0f), ("e", 4.1f)), Tolerance));
    }

    [Fact]
    public void Lists_of_other_lengths_or_with_repeats_differ()
    {
        Assert.Contains("4 items, expected 5", TopKComparison.Difference(Expected, List(("a", 9.0f), ("b", 7.5f), ("c", 7.2f), ("d", 5.0f)), Tolerance));
        Assert.Contains("listed twice", TopKComparison.Difference(Expected, List(("a", 9.0f), ("b", 7.5f), ("c", 7.2f), ("d", 5.0f), ("d", 4.1f)), Tolerance));
    }

    [Fact]
    public void The_assertion_names_the_place_and_shows_both_lists()
    {
        var actual = List(("a", 9.0f), ("b", 7.5f), ("c", 7.2f), ("d", 5.0f), ("f", 3.0f));

        var failure = Assert.ThrowsAny<Exception>(() => TopKComparison.AssertSame(Expected, actual, Tolerance, "session 7 click 2"));

        Assert.Contains("session 7 click 2", failure.Message);
        Assert.Contains("f:3", failure.Message);
    }

    [Fact]
    public void Item_zero_is_an_item_like_any_other()
    {
        var indices = new RankedList<int>([3, 0, 7], [2.0f, 1.5f, 1.0f]);

        Assert.Null(TopKComparison.Difference(indices, indices, Tolerance));
        Assert.Contains("0 is listed twice", TopKComparison.Difference(indices, new RankedList<int>([3, 0, 0], [2.0f, 1.5f, 1.0f]), Tolerance));
    }

    private static RankedList<string> List(params (string Item, float Score)[] entries) =>
        new([.. entries.Select(e => e.Item)], [.. entries.Select(e => e.Score)]);
}
