using ActorRec.Models.Data;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Models.Tests.Data;

public sealed class SessionLinesReaderTests
{
    [Fact]
    public void Read_SessionPerLine_NumbersSessionsByLineAndKeepsOrder()
    {
        using var folder = new TempFolder();
        var path = folder.Write("train_sessions.txt", "5 3 5\n\n  7\t8 \n9\n");

        var log = SessionLinesReader.Read(path);

        Assert.False(log.HasTimestamps);
        Assert.Empty(log.MalformedRows);
        Assert.Equal(["1", "1", "1", "3", "3", "4"], log.Records.Select(r => r.SessionId));
        Assert.Equal(["5", "3", "5", "7", "8", "9"], log.Records.Select(r => r.ItemId));
        Assert.Equal([1L, 1L, 1L, 3L, 3L, 4L], log.Records.Select(r => r.LineNumber));
        Assert.Equal([0.0, 1.0, 2.0, 3.0, 4.0, 5.0], log.Records.Select(r => r.Timestamp));
        Assert.All(log.Records, r => Assert.Equal(EventTypes.Click, r.EventType));
    }

    [Fact]
    public void Read_RepeatedItemIds_ShareOneStringInstance()
    {
        using var folder = new TempFolder();
        var path = folder.Write("s.txt", "42 42\n42\n");

        var log = SessionLinesReader.Read(path);

        Assert.Same(log.Records[0].ItemId, log.Records[2].ItemId);
    }
}
