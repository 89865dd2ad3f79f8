using ActorRec.Cli.LoadTest;
using ActorRec.Models.Data;
using Xunit;

namespace ActorRec.Cli.Tests.LoadTest;

public sealed class ReplayCorpusTests
{
    [Fact]
    public void FromLog_GroupsInterleavedSessions_EventsByTimeAndSessionsByStart()
    {
        ClickRecord[] records =
        [
            new("b", "b2", 30, EventTypes.Click, 1),
            new("a", "a1", 10, EventTypes.Click, 2),
            new("b", "b1", 5, EventTypes.Click, 3),
            new("a", "a2", 20, EventTypes.Purchase, 4),
            new("c", "c1", 7, EventTypes.Cart, 5),
        ];

        var corpus = ReplayCorpus.FromLog(new ClickLog("test", records, [], hasTimestamps: true));

        Assert.Equal(3, corpus.SessionCount);
        Assert.Equal([0, 2, 3, 5], corpus.Offsets);
        Assert.Equal(["b1", "b2", "c1", "a1", "a2"], corpus.Items);
        Assert.Equal(["click", "click", "cart", "click", "purchase"], corpus.EventTypes);
    }

    [Fact]
    public void FromLog_EqualTimestamps_KeepLogOrder()
    {
        ClickRecord[] records = [new("s", "x", 1, EventTypes.Click, 1), new("s", "y", 1, EventTypes.Click, 2), new("s", "z", 1, EventTypes.Click, 3)];

        var corpus = ReplayCorpus.FromLog(new ClickLog("test", records, [], hasTimestamps: true));

        Assert.Equal(["x", "y", "z"], corpus.Items);
    }

    [Theory]
    [InlineData(EventTypes.Click, "click")]
    [InlineData("view", "view")]
    [InlineData(EventTypes.Cart, "cart")]
    [InlineData(EventTypes.Purchase, "purchase")]
    [InlineData(EventTypes.Follow, "click")]
    [InlineData(EventTypes.Comment, "click")]
    public void WireEventType_SendsKindsTheServerDoesNotKnowAsClicks(string eventType, string expected)
    {
        Assert.Equal(expected, ReplayCorpus.WireEventType(eventType));
    }

    [Fact]
    public void FromLog_EmptyLog_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ReplayCorpus.FromLog(new ClickLog("empty", [], [], hasTimestamps: true)));

        Assert.Contains("--data", error.Message, StringComparison.Ordinal);
    }
}
