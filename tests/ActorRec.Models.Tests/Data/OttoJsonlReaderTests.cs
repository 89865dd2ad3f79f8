using ActorRec.Models.Data;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Models.Tests.Data;

public sealed class OttoJsonlReaderTests
{
    [Fact]
    public void Read_Sessions_MapsOttoTypesAndMilliseconds()
    {
        using var folder = new TempFolder();
        var path = folder.Write(
            "train.jsonl",
            """
            {"session":0,"events":[{"aid":11,"ts":1659304800025,"type":"clicks"},{"aid":12,"ts":1659304801000,"type":"carts"}]}
            {"events":[{"type":"orders","aid":11,"ts":1659304802000,"extra":[1,{"x":2}]}],"session":7}
            """);

        var log = OttoJsonlReader.Read(path);

        Assert.True(log.HasTimestamps);
        Assert.Empty(log.MalformedRows);
        Assert.Equal(["0", "0", "7"], log.Records.Select(r => r.SessionId));
        Assert.Equal(["11", "12", "11"], log.Records.Select(r => r.ItemId));
        Assert.Equal([EventTypes.Click, EventTypes.Cart, EventTypes.Purchase], log.Records.Select(r => r.EventType));
        Assert.Equal(1659304800.025, log.Records[0].Timestamp, 1e-6);
        Assert.Equal([1L, 1L, 2L], log.Records.Select(r => r.LineNumber));
    }

    [Fact]
    public void Read_BadLines_ReportedWithoutLosingGoodOnes()
    {
        using var folder = new TempFolder();
        var path = folder.Write(
            "train.jsonl",
            """
            {"session":1,"events":[{"aid":1,"ts":1000,"type":"clicks"}]}
            {"session":2,"events":[{"aid":1,"ts":1000,"type":"clicks"
            {"session":3,"events":[{"ts":1000,"type":"clicks"}]}
            {"events":[{"aid":1,"ts":1000,"type":"clicks"}]}
            {"session":5,"events":[{"aid":5,"ts":5000,"type":"views"}]}
            """);

        var log = OttoJsonlReader.Read(path);

        Assert.Equal(["1", "5"], log.Records.Select(r => r.SessionId));
        Assert.Equal("views", log.Records[1].EventType);
        Assert.Equal([2L, 3L, 4L], log.MalformedRows.Select(r => r.LineNumber));
        Assert.Contains("invalid JSON", log.MalformedRows[0].Reason, StringComparison.Ordinal);
        Assert.Contains("'aid'", log.MalformedRows[1].Reason, StringComparison.Ordinal);
        Assert.Contains("'session'", log.MalformedRows[2].Reason, StringComparison.Ordinal);
    }
}
