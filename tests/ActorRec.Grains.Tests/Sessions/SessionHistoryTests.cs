using ActorRec.Grains.Sessions;
using Xunit;

namespace ActorRec.Grains.Tests.Sessions;

public sealed class SessionHistoryTests
{
    [Fact]
    public void An_unknown_id_is_kept_again_once_an_older_one_has_left_the_capped_history()
    {
        // Cap 3, at most 1 unknown: "x" is about to drop out as "y" arrives, so "y" takes its place.
        var (history, unknown, kept) = SessionHistory.Append(["x", "a", "b"], [true, false, false], "y", itemUnknown: true, cap: 3, maxUnknown: 1);

        Assert.True(kept);
        Assert.Equal(["a", "b", "y"], history);
        Assert.Equal([false, false, true], unknown);
    }

    [Fact]
    public void An_unknown_id_beyond_the_cap_leaves_the_history_as_it_was()
    {
        var (history, unknown, kept) = SessionHistory.Append(["a", "x"], [false, true], "y", itemUnknown: true, cap: 10, maxUnknown: 1);

        Assert.False(kept);
        Assert.Equal(["a", "x"], history);
        Assert.Equal([false, true], unknown);
    }

    [Fact]
    public void A_state_stored_before_the_flags_existed_counts_its_ids_as_known()
    {
        var (history, unknown, kept) = SessionHistory.Append(["a", "b"], [], "y", itemUnknown: true, cap: 10, maxUnknown: 1);

        Assert.True(kept);
        Assert.Equal(["a", "b", "y"], history);
        Assert.Equal([false, false, true], unknown);
    }
}
