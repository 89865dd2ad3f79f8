using ActorRec.Models.Data;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Models.Tests.Data;

/// <summary>Click log files: every format and time format round-trips to the same sessions; columns are mapped or found.</summary>
public sealed class ClickFilesTests : IDisposable
{
    private const double SubMillisecond = 1e-3;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, TimestampFormat> FilesAndTimeFormats()
    {
        var data = new TheoryData<string, TimestampFormat>();
        foreach (var name in new[] { "log.csv", "log.tsv", "log.jsonl", "log.parquet", "log.csv.gz", "log.tsv.gz", "log.jsonl.gz" })
        {
            foreach (var format in Enum.GetValues<TimestampFormat>())
            {
                data.Add(name, format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FilesAndTimeFormats))]
    public void Written_then_read_back_gives_the_same_events(string name, TimestampFormat timeFormat)
    {
        var log = SyntheticClickLog.Generate(new SyntheticClickLogOptions { Items = 60, Sessions = 150, PurchaseProbability = 0.1, Seed = 3 });
        var categories = log.Records.Select(r => r.ItemId).Distinct().ToDictionary(item => item, item => $"c{item.Length}");
        var path = Path.Combine(_folder.Path, name);
        var columns = new ClickColumnMapping { Session = "Visit", Item = "Product", Time = "When", EventType = "Action", Category = "Shelf" };

        ClickFileWriter.Write(path, log.Records, new ClickFileOptions { Columns = columns, TimeFormat = timeFormat }, categories);
        var read = ClickFiles.Read(path, new ClickFileOptions { Columns = columns });

        Assert.Empty(read.MalformedRows);
        Assert.True(read.HasTimestamps);
        Assert.Equal(log.Records.Select(r => (r.SessionId, r.ItemId, r.EventType)), read.Records.Select(r => (r.SessionId, r.ItemId, r.EventType)));
        Assert.All(log.Records.Zip(read.Records), pair => Assert.Equal(pair.First.Timestamp, pair.Second.Timestamp, SubMillisecond));
        Assert.Equal(categories, read.ItemCategories!.ToDictionary());
        Assert.Equal(
            new Preprocessor(new PreprocessOptions { MinItemSupport = 1 }).Prepare(log).Fingerprint(),
            new Preprocessor(new PreprocessOptions { MinItemSupport = 1 }).Prepare(read).Fingerprint());
    }

    [Theory]
    [InlineData("log.csv", "session_id,item_id,timestamp\ns1,10,1700000000\ns1,11,1700000060\n")]
    [InlineData("log.csv", "sessionId,itemId,ts\ns1,10,1700000000\ns1,11,1700000060\n")]
    [InlineData("log.tsv", "SessionId\tItemId\tTime\ns1\t10\t1700000000\ns1\t11\t1700000060\n")]
    [InlineData("log.csv", "visit;Product-ID;Event Time\ns1;10;2023-11-14T22:13:20Z\ns1;11;2023-11-14 22:14:20\n")]
    [InlineData("log.jsonl", "{\"sessionId\":\"s1\",\"itemId\":10,\"timestamp\":1700000000000}\n{\"sessionId\":\"s1\",\"itemId\":11,\"timestamp\":1700000060000}\n")]
    public void Common_column_names_and_time_formats_are_found_without_a_mapping(string name, string text)
    {
        var path = _folder.Write(name, text);

        var log = ClickFiles.Read(path);

        Assert.Equal([("s1", "10", 1_700_000_000.0), ("s1", "11", 1_700_000_060.0)], log.Records.Select(r => (r.SessionId, r.ItemId, r.Timestamp)));
        Assert.All(log.Records, r => Assert.Equal(EventTypes.Click, r.EventType));
    }

    [Fact]
    public void A_mapping_wins_over_common_names_and_event_types_get_canonical_names()
    {
        var path = _folder.Write("log.csv", "session_id,visit,item_id,sku,time,what\nx,v1,1,A,100,view\nx,v1,2,B,110,buy\ny,v2,3,C,120,addToCart\n");

        var log = ClickFiles.Read(path, new ClickFileOptions { Columns = ClickColumnMapping.Parse("session=visit,item=SKU,type=what") });

        Assert.Equal(["v1", "v1", "v2"], log.Records.Select(r => r.SessionId));
        Assert.Equal(["A", "B", "C"], log.Records.Select(r => r.ItemId));
        Assert.Equal([EventTypes.Click, EventTypes.Purchase, EventTypes.Cart], log.Records.Select(r => r.EventType));
    }

    [Theory]
    [InlineData("1700000000", TimestampFormat.UnixSeconds, 1_700_000_000.0)]
    [InlineData("1700000000.5", TimestampFormat.UnixSeconds, 1_700_000_000.5)]
    [InlineData("1700000000500", TimestampFormat.UnixMilliseconds, 1_700_000_000.5)]
    [InlineData("2023-11-14T22:13:20.5Z", TimestampFormat.IsoDateTime, 1_700_000_000.5)]
    [InlineData("2023-11-15T00:13:20+02:00", TimestampFormat.IsoDateTime, 1_700_000_000.0)]
    [InlineData("2023-11-14 22:13:20", TimestampFormat.IsoDateTime, 1_700_000_000.0)]
    public void Each_time_format_is_detected_from_the_first_value_and_given_explicitly(string value, TimestampFormat format, double expected)
    {
        var path = _folder.Write("log.csv", $"session,item,time\ns,1,{value}\n");

        var detected = ClickFiles.Read(path);
        var given = ClickFiles.Read(path, new ClickFileOptions { TimeFormat = format });

        Assert.Equal(expected, detected.Records[0].Timestamp, SubMillisecond);
        Assert.Equal(expected, given.Records[0].Timestamp, SubMillisecond);
    }

    [Fact]
    public void A_first_row_without_a_time_leaves_the_time_format_to_the_next_and_is_reported()
    {
        var path = _folder.Write("log.csv", "session,item,time\nbroken\ns,1,1700000000000\ns,2,1700000060000\n");

        var log = ClickFiles.Read(path);

        Assert.Equal([1_700_000_000.0, 1_700_000_060.0], log.Records.Select(r => r.Timestamp));
        Assert.Equal(2, Assert.Single(log.MalformedRows).LineNumber);
    }

    [Fact]
    public void A_file_without_a_time_column_is_read_in_row_order_without_timestamps()
    {
        var path = _folder.Write("log.tsv", "session\titem\ns\t1\ns\t2\n");

        var log = ClickFiles.Read(path);

        Assert.False(log.HasTimestamps);
        Assert.Equal(["1", "2"], log.Records.Select(r => r.ItemId));
    }

    [Fact]
    public void The_format_can_be_given_when_the_extension_does_not_say()
    {
        var path = _folder.Write("log.txt", "session_id\titem_id\ns\t1\ns\t2\n");

        var log = ClickFiles.Read(path, new ClickFileOptions { Format = ClickFileFormat.Tsv });

        Assert.Equal(2, log.Records.Count);
        Assert.Null(ClickFiles.FormatOf(path));
        Assert.Equal(ClickFileFormat.Jsonl, ClickFiles.FormatOf("x/clicks.JSONL.gz"));
    }
}
