using ActorRec.Models.Data;
using ActorRec.Models.Tests.Fuzzing;
using ActorRec.Testing;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace ActorRec.Models.Tests.Data;

/// <summary>Any ids (delimiters, quotes, non-ASCII included) survive a write and read in every format.</summary>
public sealed class ClickFileRoundTripProperties : IDisposable
{
    private const int Cases = 40;

    private static readonly string[] Formats = ["log.csv", "log.tsv.gz", "log.jsonl", "log.parquet"];

    /// <summary>Ids as users write them: not blank, no line breaks, no surrounding spaces (those are trimmed, as before).</summary>
    private static readonly Gen<string> Id =
        Gen.Elements("a", "B", "7", ",", ";", "\t", "\"", "'", " ", "é", "商", "{", "}", ":", "x\"y", "=")
            .ListOf()
            .Select(parts => string.Concat(parts).Trim())
            .Where(id => id.Length > 0);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Arbitrary_ids_round_trip_in_every_format()
    {
        var events = (from session in Id from item in Id from seconds in Gen.Choose(0, 1_000_000) select (session, item, seconds)).ArrayOf();
        FuzzArbitraries.Check(Prop.ForAll(events.Where(e => e.Length > 0).ToArbitrary(), RoundTrips), Cases);
    }

    private void RoundTrips((string Session, string Item, int Seconds)[] events)
    {
        var records = events.Select((e, i) => new ClickRecord(e.Session, e.Item, 1_600_000_000 + e.Seconds, EventTypes.Click, i + 1)).ToArray();
        foreach (var name in Formats)
        {
            var path = Path.Combine(_folder.Path, name);
            ClickFileWriter.Write(path, records);

            var read = ClickFiles.Read(path);

            Assert.Empty(read.MalformedRows);
            Assert.Equal(records.Select(r => (r.SessionId, r.ItemId, r.Timestamp)), read.Records.Select(r => (r.SessionId, r.ItemId, r.Timestamp)));
        }
    }
}
