namespace ActorRec.Models.Data;

/// <summary>Finds the shared data folder and reads the public data sets in it by their known layouts.</summary>
public static class DataSets
{
    /// <summary>Environment variable naming the data folder; wins over the search for a sibling <c>shared/data</c>.</summary>
    public const string DataFolderVariable = "ACTORREC_DATA";

    /// <summary>The data sets of the shared data folder, by folder name.</summary>
    public static IReadOnlyList<string> KnownNames { get; } =
        ["yoochoose-100k", "jdata", "diginetica", "retailrocket", "tmall", "diginetica-sample", "otto-fixture"];

    /// <summary>The JData 2019 type codes (1 browse, 2 order, 3 follow, 4 comment), from the competition schema.</summary>
    public static IReadOnlyDictionary<string, string> JDataEventTypes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["1"] = EventTypes.Click,
        ["2"] = EventTypes.Purchase,
        ["3"] = EventTypes.Follow,
        ["4"] = EventTypes.Comment,
        ["5"] = EventTypes.Cart,
    };

    /// <summary>Tab-separated <c>SessionId ItemId Time</c> with unix seconds: the GRU4Rec and YOOCHOOSE format.</summary>
    public static DelimitedReaderOptions GruTsv { get; } = new();

    /// <summary>JData CSV: session = sessionId, item = sku_id, time = index (unix seconds), type by <see cref="JDataEventTypes"/>.</summary>
    public static DelimitedReaderOptions JDataCsv { get; } = new()
    {
        Delimiter = ',',
        SessionColumn = "sessionId",
        ItemColumn = "sku_id",
        TimeColumn = "index",
        EventTypeColumn = "type",
        EventTypeMap = JDataEventTypes,
    };

    /// <summary>
    /// The shared data folder: <see cref="DataFolderVariable"/> when set, else the first <c>shared/data</c> found
    /// beside the current directory or the application's base directory or any of their ancestors (the repository
    /// and a <c>shared/</c> copy sit side by side). Null when there is none.
    /// </summary>
    public static string? FindSharedDataFolder() =>
        FindSharedDataFolder(Environment.GetEnvironmentVariable(DataFolderVariable), [Environment.CurrentDirectory, AppContext.BaseDirectory]);

    /// <summary>The folder of a known data set in the shared data folder, or null when either is absent.</summary>
    public static string? FindSharedDataSet(string name) =>
        FindSharedDataFolder() is { } root && Directory.Exists(Path.Combine(root, name)) ? Path.Combine(root, name) : null;

    /// <summary>Recognises a data set folder by its file names; null when the layout is unknown.</summary>
    public static DataSetLayout? DetectLayout(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        bool Has(string file) => File.Exists(Path.Combine(folder, file));
        return Has("train.tsv") ? DataSetLayout.GruTsv
            : Has("train.csv") ? DataSetLayout.JData
            : Has("train_sessions.txt") ? DataSetLayout.SessionLines
            : Has("sample_train-item-views.csv") ? DataSetLayout.DigineticaViews
            : Has("train.jsonl") ? DataSetLayout.OttoJsonl
            : null;
    }

    /// <summary>Reads the data set in <paramref name="folder"/>, whose layout is recognised by its file names.</summary>
    /// <exception cref="DataFileException">The folder holds no known layout.</exception>
    public static DataSetLogs Load(string folder)
    {
        var layout = DetectLayout(folder)
            ?? throw new DataFileException(folder, null, $"not a known data set layout (expected train.tsv, train.csv, train_sessions.txt, sample_train-item-views.csv or train.jsonl).");
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        string? Optional(string file) => File.Exists(Path.Combine(folder, file)) ? Path.Combine(folder, file) : null;
        var categories = Optional("item_categories.tsv") ?? Optional("product-categories.csv");
        switch (layout)
        {
            case DataSetLayout.GruTsv:
                var gru = new DelimitedClickReader(GruTsv);
                return new DataSetLogs(name, gru.Read(Path.Combine(folder, "train.tsv")), Optional("test.tsv") is { } gruTest ? gru.Read(gruTest) : null, categories);
            case DataSetLayout.JData:
                var jdata = new DelimitedClickReader(JDataCsv);
                return new DataSetLogs(name, jdata.Read(Path.Combine(folder, "train.csv")), Optional("test.csv") is { } jdataTest ? jdata.Read(jdataTest) : null, categories);
            case DataSetLayout.SessionLines:
                return new DataSetLogs(
                    name,
                    SessionLinesReader.Read(Path.Combine(folder, "train_sessions.txt")),
                    Optional("test_sessions.txt") is { } linesTest ? SessionLinesReader.Read(linesTest) : null,
                    categories);
            case DataSetLayout.DigineticaViews:
                return new DataSetLogs(name, DigineticaSampleReader.Read(Path.Combine(folder, "sample_train-item-views.csv"), Optional("train-purchases.csv")), null, categories);
            case DataSetLayout.OttoJsonl:
                return new DataSetLogs(name, OttoJsonlReader.Read(Path.Combine(folder, "train.jsonl")), Optional("test.jsonl") is { } ottoTest ? OttoJsonlReader.Read(ottoTest) : null, categories);
            default:
                throw new DataFileException(folder, null, $"unsupported layout {layout}.");
        }
    }

    internal static string? FindSharedDataFolder(string? variable, IEnumerable<string> startDirectories)
    {
        if (!string.IsNullOrWhiteSpace(variable))
        {
            return Directory.Exists(variable) ? Path.GetFullPath(variable) : null;
        }

        foreach (var start in startDirectories)
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "shared", "data");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
