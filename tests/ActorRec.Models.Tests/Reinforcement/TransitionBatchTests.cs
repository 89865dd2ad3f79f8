using ActorRec.Models.Data;
using ActorRec.Models.Reinforcement;
using Xunit;

namespace ActorRec.Models.Tests.Reinforcement;

public sealed class TransitionBatchTests
{
    /// <summary>Two sessions: 0 = [1 click, 2 click, 3 purchase], 1 = [4 click, 0 purchase].</summary>
    private static SessionDataset TwoSessions() => new(
        new ItemVocabulary(["a", "b", "c", "d", "e"]),
        items: [1, 2, 3, 4, 0],
        sessionOffsets: [0, 3, 5],
        sessionIds: ["s0", "s1"],
        eventTypes: [0, 0, 1, 0, 1],
        eventTypeNames: [EventTypes.Click, EventTypes.Purchase]);

    [Fact]
    public void Each_transition_pairs_a_state_with_the_state_after_its_own_action()
    {
        var batch = TransitionBatch.Build(TwoSessions(), [0, 1], maxLength: 10, rewardByType: [0.2f, 1f]);

        Assert.Equal(3, batch.Steps);
        Assert.Equal(2, batch.Sessions);

        // Rows are t * sessions + b: the input at row r is the item whose step produced state r.
        Assert.Equal([1L, 4, 2, 0, 3, 0], batch.Inputs);
        Assert.Equal([0L, 2, 1], batch.StateRows);
        Assert.Equal([2L, 4, 3], batch.NextRows);
        Assert.Equal([2L, 3, 0], batch.Actions);
        for (var i = 0; i < batch.Transitions; i++)
        {
            Assert.Equal(batch.Actions[i], batch.Inputs[batch.NextRows[i]]);
            Assert.Equal(batch.LastItems[i], batch.Inputs[batch.StateRows[i]]);
        }

        Assert.Equal([0.2f, 1f, 1f], batch.Rewards);
        Assert.Equal([1f, 0f, 0f], batch.NotDone);
    }

    [Fact]
    public void Long_sessions_are_cut_and_their_last_kept_transition_is_terminal()
    {
        var batch = TransitionBatch.Build(TwoSessions(), [0], maxLength: 2, rewardByType: [0.2f, 1f]);

        Assert.Equal(2, batch.Steps);
        Assert.Equal([2L], batch.Actions);
        Assert.Equal([0f], batch.NotDone);
    }
}
