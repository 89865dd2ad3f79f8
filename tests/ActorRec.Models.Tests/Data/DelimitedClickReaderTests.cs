using ActorRec.Models.Data;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Models.Tests.Data;

public sealed class DelimitedClickReaderTests
{
    [Fact]
    public void Read_DefaultOptions_ReadsGruTsv()
    {
        using var folder = new TempFolder();
        var path = folder.Write("train.tsv", "SessionId\tItemId\tTime\n1\t10\t100.5\n1\t11\t101\n2\t10\t200\n");

        var log = new DelimitedClickReader(new DelimitedReaderOptions()).Read(path);

        Assert.Equal(path, log.Source);
        Assert.True(log.HasTimestamps);
        Assert.Empty(log.MalformedRows);
        Assert.Equal(
            [new ClickRecord("1", "10", 100.5, EventTypes.Click, 2), new ClickRecord("1", "11", 101, EventTypes.Click, 3), new ClickRecord("2", "10", 200, EventTypes.Click, 4)],
            log.Records);
    }

    [Fact]
    public void Read_SemicolonsWithNamedColumnsInAnyOrder_MapsEventTypesAndKeepsUnmappedCodes()
    {
        using var folder = new TempFolder();
        var path = folder.Write("log.csv", "kind;ts;user;product;visit\n1;10;u;A;s1\n2;20;u;B;s1\n9;30;u;C;s2\n");
        var options = new DelimitedReaderOptions
        {
            Delimiter = ';',
            SessionColumn = "VISIT",
            ItemColumn = "product",
            TimeColumn = "ts",
            EventTypeColumn = "kind",
            EventTypeMap = new Dictionary<string, string> { ["1"] = EventTypes.Click, ["2"] = EventTypes.Purchase },
        };

        var log = new DelimitedClickReader(options).Read(path);

        Assert.Equal(["s1", "s1", "s2"], log.Records.Select(r => r.SessionId));
        Assert.Equal(["A", "B", "C"], log.Records.Select(r => r.ItemId));
        Assert.Equal([EventTypes.Click, EventTypes.Purchase, "9"], log.Records.Select(r => r.EventType));
        Assert.Equal([10.0, 20.0, 30.0], log.Records.Select(r => r.Timestamp));
    }

    [Fact]
    public void Read_NoHeaderColumnsByIndexNoTimeColumn_UsesRowOrderAsTime()
    {
        using var folder = new TempFolder();
        var path = folder.Write("log.csv", "x,7,s1\nx,8,s1\n\nx,7,s2\n");
        var options = new DelimitedReaderOptions { Delimiter = ',', HasHeader = false, SessionColumn = 2, ItemColumn = 1, TimeColumn = null };

        var log = new DelimitedClickReader(options).Read(path);

        Assert.False(log.HasTimestamps);
        Assert.Equal([1L, 2L, 4L], log.Records.Select(r => r.LineNumber));
        Assert.True(log.Records[0].Timestamp < log.Records[1].Timestamp && log.Records[1].Timestamp < log.Records[2].Timestamp);
        Assert.Equal(["7", "8", "7"], log.Records.Select(r => r.ItemId));
    }

    [Fact]
    public void Read_NoHeaderAndAShortFirstRow_ReportsItAndTakesTheColumnCountFromTheNextRow()
    {
        using var folder = new TempFolder();
        var path = folder.Write("log.csv", "garbage\n1,10,5\n2,11,6\n3,12\n");
        var options = new DelimitedReaderOptions { Delimiter = ',', HasHeader = false, SessionColumn = 0, ItemColumn = 1, TimeColumn = 2 };

        var log = new DelimitedClickReader(options).Read(path);

        Assert.Equal(["10", "11"], log.Records.Select(r => r.ItemId));
        Assert.Equal([1L, 4L], log.MalformedRows.Select(r => r.LineNumber));
        Assert.Contains("at least 3 columns", log.MalformedRows[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MillisecondsAndIsoTimes_ConvertToUnixSeconds()
    {
        using var folder = new TempFolder();
        var millis = folder.Write("ms.tsv", "SessionId\tItemId\tTime\n1\t10\t1659304800025\n");
        var iso = folder.Write("iso.csv", "s,i,t\n1,10,2018-03-01 00:00:06\n1,11,2016-05-09T10:00:00+02:00\n");

        var millisLog = new DelimitedClickReader(new DelimitedReaderOptions { TimeFormat = TimestampFormat.UnixMilliseconds }).Read(millis);
        var isoLog = new DelimitedClickReader(new DelimitedReaderOptions
        {
            Delimiter = ',',
            SessionColumn = "s",
            ItemColumn = "i",
            TimeColumn = "t",
            TimeFormat = TimestampFormat.IsoDateTime,
        }).Read(iso);

        Assert.Equal(1659304800.025, millisLog.Records[0].Timestamp, 1e-6);
        Assert.Equal(1519862406.0, isoLog.Records[0].Timestamp);
        Assert.Equal(1462780800.0, isoLog.Records[1].Timestamp);
    }

    [Fact]
    public void Read_QuotedFields_UnquotesDelimitersAndDoubledQuotes()
    {
        using var folder = new TempFolder();
        var path = folder.Write("log.csv", "session,item,time\n\"s,1\",\"say \"\"hi\"\"\",1\n  s2 , \"plain\" ,2\n");
        var options = new DelimitedReaderOptions { Delimiter = ',', SessionColumn = "session", ItemColumn = "item", TimeColumn = "time" };

        var log = new DelimitedClickReader(options).Read(path);

        Assert.Empty(log.MalformedRows);
        Assert.Equal(["s,1", "s2"], log.Records.Select(r => r.SessionId));
        Assert.Equal(["say \"hi\"", "plain"], log.Records.Select(r => r.ItemId));
    }

    [Fact]
    public void Read_BadRows_ReportedWithLineNumbersAndColumnNamesWhileOtherRowsAreIntact()
    {
        using var folder = new TempFolder();
        var path = folder.Write(
            "log.tsv",
            string.Join(
                '\n',
                "SessionId\tItemId\tTime",
                "1\t10\t100",
                "1\t11",
                "\t12\t101",
                "2\t\t102",
                "2\t13\tyesterday",
                "2\t14\t103\textra",
                "3\t\"15\t104",
                "3\t16\t105"));

        var log = new DelimitedClickReader(new DelimitedReaderOptions()).Read(path);

        Assert.Equal([2L, 9L], log.Records.Select(r => r.LineNumber));
        Assert.Equal(["10", "16"], log.Records.Select(r => r.ItemId));
        Assert.Equal([3L, 4L, 5L, 6L, 7L, 8L], log.MalformedRows.Select(r => r.LineNumber));
        Assert.Contains("expected 3 columns, found 2", log.MalformedRows[0].Reason, StringComparison.Ordinal);
        Assert.Contains("'SessionId'", log.MalformedRows[1].Reason, StringComparison.Ordinal);
        Assert.Contains("'ItemId'", log.MalformedRows[2].Reason, StringComparison.Ordinal);
        Assert.Contains("'Time'", log.MalformedRows[3].Reason, StringComparison.Ordinal);
        Assert.Contains("yesterday", log.MalformedRows[3].Reason, StringComparison.Ordinal);
        Assert.Contains("found 4", log.MalformedRows[4].Reason, StringComparison.Ordinal);
        Assert.Contains("quote", log.MalformedRows[5].Reason, StringComparison.Ordinal);
        Assert.Equal("2\t13\tyesterday", log.MalformedRows[3].Text);
    }

    [Fact]
    public void Read_WindowsLineEndingsAndByteOrderMark_ReadLikeUnixFiles()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "log.tsv");
        File.WriteAllText(path, "SessionId\tItemId\tTime\r\n1\t10\t100\r\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var log = new DelimitedClickReader(new DelimitedReaderOptions()).Read(path);

        Assert.Equal([new ClickRecord("1", "10", 100, EventTypes.Click, 2)], log.Records);
    }

    [Fact]
    public void Read_HeaderWithoutNamedColumn_ThrowsNamingTheColumn()
    {
        using var folder = new TempFolder();
        var path = folder.Write("log.tsv", "Session\tItemId\tTime\n1\t10\t100\n");

        var exception = Assert.Throws<DataFileException>(() => new DelimitedClickReader(new DelimitedReaderOptions()).Read(path));

        Assert.Contains("SessionId", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NamedColumnWithoutHeader_Throws()
    {
        var options = new DelimitedReaderOptions { HasHeader = false };

        Assert.Throws<ArgumentException>(() => new DelimitedClickReader(options));
    }
}
