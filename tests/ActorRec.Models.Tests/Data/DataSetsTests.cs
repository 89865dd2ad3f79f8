using ActorRec.Models.Data;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Models.Tests.Data;

public sealed class DataSetsTests
{
    [Fact]
    public void FindSharedDataFolder_WalksUpToASiblingSharedData()
    {
        using var folder = new TempFolder();
        var data = Directory.CreateDirectory(Path.Combine(folder.Path, "shared", "data")).FullName;
        var deep = Directory.CreateDirectory(Path.Combine(folder.Path, "main", "tests", "bin")).FullName;

        var found = DataSets.FindSharedDataFolder(variable: null, [deep]);

        Assert.Equal(data, found);
    }

    [Fact]
    public void FindSharedDataFolder_VariableWinsAndAMissingFolderGivesNull()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "shared", "data"));
        var elsewhere = Directory.CreateDirectory(Path.Combine(folder.Path, "elsewhere")).FullName;

        var fromVariable = DataSets.FindSharedDataFolder(elsewhere, [folder.Path]);
        var missing = DataSets.FindSharedDataFolder(Path.Combine(folder.Path, "nope"), [folder.Path]);

        Assert.Equal(elsewhere, fromVariable);
        Assert.Null(missing);
    }

    [Fact]
    public void Load_JDataLayout_MapsTypeCodes()
    {
        using var folder = new TempFolder();
        folder.Write(
            "jd/train.csv",
            "action_time,user_id,sku_id,type,sessionId,index\n2018-03-01 00:00:06,1,100,1,42,1519862406.0\n2018-03-01 00:00:07,1,100,2,42,1519862407.0\n2018-03-01 00:00:08,1,101,3,42,1519862408.0\n2018-03-01 00:00:09,1,101,4,42,1519862409.0\n");
        folder.Write("jd/item_categories.tsv", "sku_id\tcate\n100\t7\n");

        var logs = DataSets.Load(Path.Combine(folder.Path, "jd"));

        Assert.Equal("jd", logs.Name);
        Assert.Null(logs.Test);
        Assert.Equal([EventTypes.Click, EventTypes.Purchase, EventTypes.Follow, EventTypes.Comment], logs.Train.Records.Select(r => r.EventType));
        Assert.Equal(["100", "100", "101", "101"], logs.Train.Records.Select(r => r.ItemId));
        Assert.Equal(1519862406.0, logs.Train.Records[0].Timestamp);
        Assert.NotNull(logs.ItemCategoriesPath);
        Assert.Equal("7", ItemCategories.Read(logs.ItemCategoriesPath)["100"]);
    }

    [Fact]
    public void Load_DigineticaViews_JoinsPurchasesOfSampledSessionsOnly()
    {
        using var folder = new TempFolder();
        folder.Write("dg/sample_train-item-views.csv", "session_id;user_id;item_id;timeframe;eventdate\n1;NA;81766;526309;2016-05-09\n1;NA;31331;1031018;2016-05-09\n2;NA;5;0;2016-05-10\n");
        folder.Write("dg/train-purchases.csv", "sessionId;userId;timeframe;eventdate;ordernumber;itemId\n1;NA;1100000;2016-05-09;77;31331\n3;NA;0;2016-05-09;78;9\n1;NA;oops;2016-05-09;79;1\n");
        folder.Write("dg/product-categories.csv", "itemId;categoryId\n81766;1096\n");

        var logs = DataSets.Load(Path.Combine(folder.Path, "dg"));

        var records = logs.Train.Records;
        Assert.Equal(["1", "1", "2", "1"], records.Select(r => r.SessionId));
        Assert.Equal([EventTypes.Click, EventTypes.Click, EventTypes.Click, EventTypes.Purchase], records.Select(r => r.EventType));
        Assert.Equal(1462752000 + 526.309, records[0].Timestamp, 1e-6);
        Assert.Equal(1462752000 + 1100.0, records[3].Timestamp, 1e-6);
        var bad = Assert.Single(logs.Train.MalformedRows);
        Assert.Equal(4, bad.LineNumber);
        Assert.Contains("train-purchases.csv", bad.Reason, StringComparison.Ordinal);
        Assert.Contains("'timeframe'", bad.Reason, StringComparison.Ordinal);
        Assert.Equal("1096", ItemCategories.Read(logs.ItemCategoriesPath!)["81766"]);
    }

    [Fact]
    public void DetectLayout_UnknownFolder_IsNull()
    {
        using var folder = new TempFolder();
        folder.Write("notes.txt", "nothing here");

        Assert.Null(DataSets.DetectLayout(folder.Path));
        Assert.Throws<DataFileException>(() => DataSets.Load(folder.Path));
    }
}
