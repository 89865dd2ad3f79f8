using System.Text;
using ActorRec.Models.Data;
using ActorRec.Models.Tests.Fuzzing;
using FsCheck.Fluent;
using Xunit;

namespace ActorRec.Models.Tests.Data;

/// <summary>
/// Feeds every data loader damaged copies of a small valid file. Each copy must either load, with every reported
/// row on a line the file has, or be refused with a <see cref="DataFileException"/> that names the file.
/// </summary>
public sealed class LoaderFuzzTests : IDisposable
{
    /// <summary>Damaged files per property and run; the count per CI run in docs/security-files.md follows from it.</summary>
    public const int FilesPerProperty = 150;

    private const string GruTsv =
        "SessionId\tItemId\tTime\n1\t214536502\t1396839069.277\n1\t214536500\t1396839249.868\n2\t214662742\t1396850197.614\n" +
        "2\t214662742\t1396850366.43\n2\t214825110\t1396850442.38\n3\t214757390\t1396890500\n3\t214757407\t1396890612\n";

    private const string JDataCsv =
        "action_time,user_id,sku_id,type,sessionId,index\n2018-03-01 08:00:00,1,1001,1,s1,1519891200\n" +
        "2018-03-01 08:01:00,1,1002,2,s1,1519891260\n\"2018-03-01 09:00:00\",2,\"10\"\"03\",1,s2,1519894800\n2018-03-01 09:02:00,2,1001,5,s2,1519894920\n";

    private const string SessionLines = "1 2 3 4\n5 6\n\n7\t8 9\n2 2 2\n";

    private const string OttoJsonl =
        "{\"session\":1,\"events\":[{\"aid\":11,\"ts\":1659304800025,\"type\":\"clicks\"},{\"aid\":12,\"ts\":1659304900025,\"type\":\"carts\"}]}\n" +
        "{\"session\":\"2\",\"events\":[{\"aid\":11,\"ts\":1659305800025,\"type\":\"orders\"}],\"extra\":[1,{\"a\":null}]}\n";

    private const string DigineticaViews =
        "session_id;user_id;item_id;timeframe;eventdate\n1;NA;81766;526309;2016-05-09\n1;NA;31331;1031018;2016-05-09\n2;4;32118;243569;2016-05-10\n";

    private const string DigineticaPurchases = "sessionId;userId;timeframe;eventdate;ordernumber;itemId\n1;NA;1100000;2016-05-09;1;81766\n9;NA;5;2016-05-09;2;1\n";

    private const string Categories = "itemId;categoryId\n81766;1\n31331;2\n\"32118\";\"3\"\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("actorrec-fuzz-data-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Otto_jsonl_with_a_lone_surrogate_reports_the_line()
    {
        // Found by Otto_jsonl_loads_or_names_the_file: Utf8JsonReader.GetString throws InvalidOperationException here.
        var path = Path.Combine(_folder, "surrogate.jsonl");
        File.WriteAllText(path, OttoJsonl + "{\"session\":\"\\ud800\",\"events\":[]}\n");

        var log = OttoJsonlReader.Read(path);

        var row = Assert.Single(log.MalformedRows);
        Assert.Equal(3, row.LineNumber);
        Assert.StartsWith("invalid JSON", row.Reason, StringComparison.Ordinal);
        Assert.Equal(3, log.Records.Count);
    }

    [Fact]
    public void Gru_tsv_loads_or_names_the_file() =>
        FuzzArbitraries.Check(Prop.ForAll(FuzzArbitraries.ByteMutations, damage => CheckLog(damage, GruTsv, "train.tsv", path => new DelimitedClickReader(DataSets.GruTsv).Read(path))), FilesPerProperty);

    [Fact]
    public void Jdata_csv_loads_or_names_the_file() =>
        FuzzArbitraries.Check(Prop.ForAll(FuzzArbitraries.ByteMutations, damage => CheckLog(damage, JDataCsv, "train.csv", path => new DelimitedClickReader(DataSets.JDataCsv).Read(path))), FilesPerProperty);

    [Fact]
    public void Session_lines_load_or_name_the_file() =>
        FuzzArbitraries.Check(Prop.ForAll(FuzzArbitraries.ByteMutations, damage => CheckLog(damage, SessionLines, "train_sessions.txt", SessionLinesReader.Read)), FilesPerProperty);

    [Fact]
    public void Otto_jsonl_loads_or_names_the_file() =>
        FuzzArbitraries.Check(Prop.ForAll(FuzzArbitraries.ByteMutations, damage => CheckLog(damage, OttoJsonl, "train.jsonl", OttoJsonlReader.Read)), FilesPerProperty);

    [Fact]
    public void Diginetica_views_and_purchases_load_or_name_the_file() =>
        FuzzArbitraries.Check(Prop.ForAll(FuzzArbitraries.ByteMutations, FuzzArbitraries.ByteMutations, CheckDiginetica), FilesPerProperty);

    [Fact]
    public void Item_categories_load_or_name_the_file() =>
        FuzzArbitraries.Check(Prop.ForAll(FuzzArbitraries.ByteMutations, CheckCategories), FilesPerProperty);

    [Fact]
    public void A_data_set_folder_loads_or_names_the_file() =>
        FuzzArbitraries.Check(Prop.ForAll(FuzzArbitraries.ByteMutations, FuzzArbitraries.ByteMutations, CheckFolder), FilesPerProperty);

    private void CheckDiginetica(ByteMutation[] views, ByteMutation[] purchases)
    {
        var viewsPath = Write("sample_train-item-views.csv", views, DigineticaViews);
        var purchasesPath = Write("train-purchases.csv", purchases, DigineticaPurchases);
        var bytes = new FileInfo(viewsPath).Length + new FileInfo(purchasesPath).Length;
        var log = FuzzRun.Load(() => DigineticaSampleReader.Read(viewsPath, purchasesPath), [viewsPath, purchasesPath], bytes, views.Concat(purchases));
        if (log is not null)
        {
            var lines = Math.Max(LineCount(viewsPath), LineCount(purchasesPath));
            AssertRowsOnLines(log, lines, views.Concat(purchases));
        }
    }

    private void CheckCategories(ByteMutation[] damage)
    {
        var path = Write("product-categories.csv", damage, Categories);
        var categories = FuzzRun.Load(() => ItemCategories.Read(path), [path], new FileInfo(path).Length, damage);
        Assert.True(categories is null || categories.Count <= LineCount(path), "more categories than lines");
    }

    private void CheckFolder(ByteMutation[] train, ByteMutation[] test)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, Guid.NewGuid().ToString("N"))).FullName;
        var trainPath = WriteBytes(Path.Combine(folder, "train.tsv"), train, GruTsv);
        var testPath = WriteBytes(Path.Combine(folder, "test.tsv"), test, GruTsv);
        var bytes = new FileInfo(trainPath).Length + new FileInfo(testPath).Length;
        var logs = FuzzRun.Load(() => DataSets.Load(folder), [trainPath, testPath], bytes, train.Concat(test));
        if (logs is not null)
        {
            AssertRowsOnLines(logs.Train, LineCount(trainPath), train);
            AssertRowsOnLines(logs.Test!, LineCount(testPath), test);
        }
    }

    private void CheckLog(ByteMutation[] damage, string seed, string name, Func<string, ClickLog> read)
    {
        var path = Write(name, damage, seed);
        var log = FuzzRun.Load(() => read(path), [path], new FileInfo(path).Length, damage);
        if (log is not null)
        {
            Assert.Equal(path, log.Source);
            AssertRowsOnLines(log, LineCount(path), damage);
        }
    }

    /// <summary>A report of "file:line" is only useful when the line exists: every row and record points at one.</summary>
    private static void AssertRowsOnLines(ClickLog log, long lines, IEnumerable<ByteMutation> damage)
    {
        foreach (var row in log.MalformedRows)
        {
            Assert.True(row.LineNumber >= 1 && row.LineNumber <= lines, $"malformed row at line {row.LineNumber} of {lines} after {FuzzRun.Describe(damage)}");
            Assert.False(string.IsNullOrWhiteSpace(row.Reason), $"malformed row {row.LineNumber} without a reason");
            Assert.True(row.Text.Length <= MalformedRow.MaxTextLength + 3, "row text is not truncated");
        }

        foreach (var record in log.Records)
        {
            Assert.True(record.LineNumber >= 1 && record.LineNumber <= lines, $"record at line {record.LineNumber} of {lines} after {FuzzRun.Describe(damage)}");
        }
    }

    /// <summary>Lines as a reader counts them: '\n', '\r\n' and a lone '\r' each end one.</summary>
    private static long LineCount(string path)
    {
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(path));
        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r').Length;
    }

    private string Write(string name, ByteMutation[] damage, string seed) =>
        WriteBytes(Path.Combine(_folder, Guid.NewGuid().ToString("N") + "-" + name), damage, seed);

    private static string WriteBytes(string path, ByteMutation[] damage, string seed)
    {
        File.WriteAllBytes(path, damage.Aggregate(Encoding.UTF8.GetBytes(seed), (bytes, mutation) => mutation.Apply(bytes)));
        return path;
    }
}
