using System.IO.Compression;
using ActorRec.Models.Data;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Models.Tests.Data;

/// <summary>A bad click file is refused with <c>file:line: what is wrong</c>, or its bad rows are reported by line.</summary>
public sealed class ClickFileErrorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("log.csv", "\nsid,iid,ts\n1,2,3\n", 2)]
    [InlineData("log.jsonl", "{\"sid\":1,\"iid\":2,\"ts\":3}\n", 1)]
    public void A_missing_mapped_column_names_the_column_and_lists_the_columns(string name, string text, int line)
    {
        var path = _folder.Write(name, text);

        var error = Assert.Throws<DataFileException>(() => ClickFiles.Read(path, new ClickFileOptions { Columns = ClickColumnMapping.Parse("session=visit") }));

        Assert.StartsWith($"{path}:{line}: no column 'visit' (mapped to session); the columns are [sid, iid, ts].", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_a_known_item_name_says_how_to_map_one()
    {
        var path = _folder.Write("log.tsv", "session_id\tthing\tts\n1\t2\t3\n");

        var error = Assert.Throws<DataFileException>(() => ClickFiles.Read(path));

        Assert.StartsWith($"{path}:1: no item column: none of [session_id, thing, ts]", error.Message, StringComparison.Ordinal);
        Assert.Contains("item=COLUMN", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("log.csv", "session,item,time\ns,1,yesterday\ns,2,100\n", 2)]
    [InlineData("log.jsonl", "\n{\"session\":\"s\",\"item\":1,\"time\":\"yesterday\"}\n", 2)]
    public void An_unparsable_first_time_names_the_value_and_line(string name, string text, int line)
    {
        var path = _folder.Write(name, text);

        var error = Assert.Throws<DataFileException>(() => ClickFiles.Read(path));

        Assert.StartsWith($"{path}:{line}: cannot tell the time format of 'yesterday'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("log.csv", "session,item,time\ns,1,100\ns,2,soon\ns,3,300\n", 3)]
    [InlineData("log.jsonl", "{\"session\":\"s\",\"item\":1,\"time\":100}\n{\"session\":\"s\",\"item\":2,\"time\":\"soon\"}\n{\"session\":\"s\",\"item\":3,\"time\":300}\n", 2)]
    public void A_later_unparsable_time_is_a_malformed_row_naming_the_value(string name, string text, int line)
    {
        var path = _folder.Write(name, text);

        var log = ClickFiles.Read(path);

        var row = Assert.Single(log.MalformedRows);
        Assert.Equal(line, row.LineNumber);
        Assert.Contains("'soon'", row.Reason, StringComparison.Ordinal);
        Assert.Equal(["1", "3"], log.Records.Select(r => r.ItemId));
    }

    [Theory]
    [InlineData("log.csv.gz")]
    [InlineData("log.jsonl.gz")]
    public void A_truncated_gzip_file_says_so_at_the_line_where_its_data_stops(string name)
    {
        var path = Path.Combine(_folder.Path, name);
        var records = SyntheticClickLog.Generate(new SyntheticClickLogOptions { Items = 50, Sessions = 2_000, Seed = 5 }).Records;
        ClickFileWriter.Write(path, records);
        var whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);
        using var gzip = new GZipStream(new MemoryStream(whole[..(whole.Length / 2)]), CompressionMode.Decompress);
        var lines = new StreamReader(gzip).ReadToEnd().Count(c => c == '\n');

        var error = Assert.Throws<DataFileException>(() => ClickFiles.Read(path));

        Assert.StartsWith($"{path}:{lines + 1}: the gzip data ends early", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_parquet_is_refused_by_name()
    {
        var path = _folder.Write("log.parquet", "session,item\n1,2\n");

        var error = Assert.Throws<DataFileException>(() => ClickFiles.Read(path));

        Assert.StartsWith($"{path}: not a readable Parquet file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parquet_rows_without_an_item_are_reported_by_row()
    {
        var path = Path.Combine(_folder.Path, "log.parquet");
        ClickFileWriter.Write(path, [new ClickRecord("s", "1", 10, EventTypes.Click, 1), new ClickRecord("s", string.Empty, 20, EventTypes.Click, 2), new ClickRecord("s", "3", 30, EventTypes.Click, 3)]);

        var log = ClickFiles.Read(path);

        var row = Assert.Single(log.MalformedRows);
        Assert.Equal(2, row.LineNumber);
        Assert.Contains("empty item id in column 'item_id'", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_extension_asks_for_the_format()
    {
        var path = _folder.Write("log.dat", "session,item\n1,2\n");

        var error = Assert.Throws<DataFileException>(() => ClickFiles.Read(path));

        Assert.StartsWith($"{path}: unknown format", error.Message, StringComparison.Ordinal);
    }
}
