using ActorRec.Models.Data;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Models.Tests.Data;

/// <summary>Reads the real data sets of ../shared/data against the counts their README states; skipped where the folder is absent.</summary>
public sealed class SharedDataSetTests
{
    [Fact]
    public void Yoochoose100k_ReadsTheStatedCountsAndPrepares()
    {
        var folder = SharedData.RequireDataSet("yoochoose-100k");

        var logs = DataSets.Load(folder);
        var prepared = new Preprocessor().Prepare(logs);

        Assert.Equal(DataSetLayout.GruTsv, DataSets.DetectLayout(folder));
        Assert.Equal(70_278, logs.Train.Records.Count);
        Assert.Equal(13_568, logs.Test!.Records.Count);
        Assert.Empty(logs.Train.MalformedRows);
        Assert.Empty(logs.Test.MalformedRows);
        Assert.Equal(new DataCounts(70_278, 17_794, 2_933), prepared.Statistics.Read[logs.Train.Source]);
        Assert.Equal(3_416, prepared.Statistics.Read[logs.Test.Source].Sessions);
        Assert.True(prepared.Train.EventCount > 60_000);
        Assert.True(prepared.Test.SessionCount > 3_000);
        Assert.All(prepared.Train.ItemSupport(), support => Assert.True(support >= 5));
    }

    [Fact]
    public void JData_ReadsEventTypesFromTheTypeCodes()
    {
        var folder = SharedData.RequireDataSet("jdata");

        var logs = DataSets.Load(folder);

        var types = logs.Train.Records.GroupBy(r => r.EventType).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(27_183, logs.Train.Records.Count);
        Assert.Equal(2_262, logs.Test!.Records.Count);
        Assert.Equal(24_365, types[EventTypes.Click]);
        Assert.Equal(1_906, types[EventTypes.Purchase]);
        Assert.Equal(448, types[EventTypes.Follow]);
        Assert.Equal(464, types[EventTypes.Comment]);
        Assert.Equal(5_052, logs.Train.Records.Select(r => r.SessionId).Distinct().Count());
        Assert.NotEmpty(ItemCategories.Read(logs.ItemCategoriesPath!));
    }

    [Fact]
    public void DigineticaSample_JoinsPurchasesOnSessionId()
    {
        var folder = SharedData.RequireDataSet("diginetica-sample");

        var logs = DataSets.Load(folder);

        var records = logs.Train.Records;
        Assert.Null(logs.Test);
        Assert.Empty(logs.Train.MalformedRows);
        Assert.Equal(12_391, records.Count(r => r.EventType == EventTypes.Click));
        Assert.Equal(256, records.Count(r => r.EventType == EventTypes.Purchase));
        Assert.Equal(2_986, records.Select(r => r.SessionId).Distinct().Count());
        Assert.Equal(7_139, records.Where(r => r.EventType == EventTypes.Click).Select(r => r.ItemId).Distinct().Count());
    }

    [Theory]
    [InlineData("diginetica", 906_140, 76_821, 186_670, 15_963)]
    [InlineData("retailrocket", 685_984, 24_602, 126_168, 4_735)]
    [InlineData("tmall", 413_577, 26_410, 64_811, 998)]
    public void SessionLists_ReadTheStatedCounts(string name, int trainEvents, int testEvents, int trainSessions, int testSessions)
    {
        var folder = SharedData.RequireDataSet(name);

        var logs = DataSets.Load(folder);

        Assert.False(logs.Train.HasTimestamps);
        Assert.Equal(trainEvents, logs.Train.Records.Count);
        Assert.Equal(testEvents, logs.Test!.Records.Count);
        Assert.Equal(trainSessions, logs.Train.Records.Select(r => r.SessionId).Distinct().Count());
        Assert.Equal(testSessions, logs.Test.Records.Select(r => r.SessionId).Distinct().Count());
    }

    [Fact]
    public void OttoFixture_ReadsClicksCartsAndOrders()
    {
        var folder = SharedData.RequireDataSet("otto-fixture");

        var logs = DataSets.Load(folder);

        var types = logs.Train.Records.GroupBy(r => r.EventType).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(862, logs.Train.Records.Count);
        Assert.Equal(20, logs.Train.Records.Select(r => r.SessionId).Distinct().Count());
        Assert.Equal(510, logs.Train.Records.Select(r => r.ItemId).Distinct().Count());
        Assert.Equal(800, types[EventTypes.Click]);
        Assert.Equal(52, types[EventTypes.Cart]);
        Assert.Equal(10, types[EventTypes.Purchase]);
    }
}
