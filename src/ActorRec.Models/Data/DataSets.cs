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
    /// <exception cref="DataFileException">The folder holds no known layout, or a file of it no readable row.</exception>
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
                return new DataSetLogs(name, Rows(gru.Read, Path.Combine(folder, "train.tsv"))!, Rows(gru.Read, Optional("test.tsv")), categories);
            case DataSetLayout.JData:
                var jdata = new DelimitedClickReader(JDataCsv);
                return new DataSetLogs(name, Rows(jdata.Read, Path.Combine(folder, "train.csv"))!, Rows(jdata.Read, Optional("test.csv")), categories);
            case DataSetLayout.SessionLines:
                return new DataSetLogs(name, Rows(SessionLinesReader.Read, Path.Combine(folder, "train_sessions.txt"))!, Rows(SessionLinesReader.Read, Optional("test_sessions.txt")), categories);
            case DataSetLayout.DigineticaViews:
                var views = Path.Combine(folder, "sample_train-item-views.csv");
                return new DataSetLogs(name, Rows(path => DigineticaSampleReader.Read(path, Optional("train-purchases.csv")), views)!, null, categories);
            case DataSetLayout.OttoJsonl:
                return new DataSetLogs(name, Rows(OttoJsonlReader.Read, Path.Combine(folder, "train.jsonl"))!, Rows(OttoJsonlReader.Read, Optional("test.jsonl")), categories);
            default:
                throw new DataFileException(folder, null, $"unsupported layout {layout}.");
        }
    }

    /// <summary>Reads a click log file (see <see cref="ClickFiles"/>) as a data set without a test log, named after the file.</summary>
    /// <exception cref="DataFileException">The file cannot be read or holds no readable row.</exception>
    public static DataSetLogs LoadFile(string path, ClickFileOptions? options = null) =>
        new(Path.GetFileName(path), Rows(file => ClickFiles.Read(file, options), path)!, null);

    /// <summary>
    /// Reads <paramref name="path"/> (null stays null), refusing a file without one readable row: a data set of
    /// garbage would otherwise reach the trainer empty and fail there with an index error instead of naming the file.
    /// </summary>
    private static ClickLog? Rows(Func<string, ClickLog> read, string? path)
    {
        if (path is null)
        {
            return null;
        }

        var log = read(path);
        return log.Records.Count > 0 ? log
            : log.MalformedRows is [var first, ..] ? throw new DataFileException(path, first.LineNumber, $"no readable rows; {log.MalformedRows.Count} malformed, the first: {first.Reason}.")
            : throw new DataFileException(path, null, "no rows.");
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
