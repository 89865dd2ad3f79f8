namespace ActorRec.Models.Data;

/// <summary>
/// Reads a click log from one file in any of the <see cref="ClickFileFormat"/>s, mapping its columns by name (or
/// finding them by common names) and its times from unix seconds, unix milliseconds or ISO 8601.
/// </summary>
public static class ClickFiles
{
    private const string GzipExtension = ".gz";

    /// <summary>Lines looked at for a first time value; past them the reader reports whatever rows follow.</summary>
    private const int TimeDetectionLines = 10_000;

    /// <summary>
    /// Event type names as click logs commonly write them, to the canonical ones (case-insensitive); other names
    /// are kept as written.
    /// </summary>
    public static IReadOnlyDictionary<string, string> EventTypeNames { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["click"] = EventTypes.Click,
        ["clicks"] = EventTypes.Click,
        ["view"] = EventTypes.Click,
        ["views"] = EventTypes.Click,
        ["pageview"] = EventTypes.Click,
        ["purchase"] = EventTypes.Purchase,
        ["purchases"] = EventTypes.Purchase,
        ["buy"] = EventTypes.Purchase,
        ["order"] = EventTypes.Purchase,
        ["orders"] = EventTypes.Purchase,
        ["transaction"] = EventTypes.Purchase,
        ["cart"] = EventTypes.Cart,
        ["carts"] = EventTypes.Cart,
        ["addtocart"] = EventTypes.Cart,
    };

    /// <summary>The format an extension names (.csv, .tsv, .jsonl, .parquet, the text ones optionally with .gz); null for others.</summary>
    public static ClickFileFormat? FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = path.EndsWith(GzipExtension, StringComparison.OrdinalIgnoreCase) ? path[..^GzipExtension.Length] : path;
        return Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".csv" => ClickFileFormat.Csv,
            ".tsv" or ".tab" => ClickFileFormat.Tsv,
            ".jsonl" or ".ndjson" => ClickFileFormat.Jsonl,
            ".parquet" => ClickFileFormat.Parquet,
            _ => null,
        };
    }

    /// <summary>Reads every row; rows that cannot be read are reported in <see cref="ClickLog.MalformedRows"/> by line (Parquet: by row).</summary>
    /// <exception cref="DataFileException">
    /// The format is unknown, a mapped column is missing, no session or item column is found, the time format
    /// cannot be told from the first value, or the file is not what its format says (truncated gzip, not Parquet).
    /// </exception>
    public static ClickLog Read(string path, ClickFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new ClickFileOptions();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }

        var format = options.Format ?? FormatOf(path)
            ?? throw new DataFileException(path, null, "unknown format: name the file .csv, .tsv, .jsonl or .parquet (optionally .gz), or give the format.");
        return format switch
        {
            ClickFileFormat.Csv => ReadDelimited(path, ',', options),
            ClickFileFormat.Tsv => ReadDelimited(path, '\t', options),
            ClickFileFormat.Jsonl => JsonlClickReader.Read(path, options),
            ClickFileFormat.Parquet => ParquetClickReader.Read(path, options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), format, "Unknown format."),
        };
    }

    /// <summary>Column layout of a delimited file from its header row, the time format from the first time value, then one streaming read.</summary>
    private static ClickLog ReadDelimited(string path, char delimiter, ClickFileOptions options)
    {
        string[]? names = null;
        ClickColumnIndices columns = default;
        var timeFormat = options.TimeFormat;
        long line = 0;
        using (var reader = SourceFiles.OpenText(path))
        {
            while (reader.ReadLine() is { } text && line < TimeDetectionLines)
            {
                line++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                if (names is null)
                {
                    if (delimiter == ',' && !text.Contains(',', StringComparison.Ordinal) && text.Contains(';', StringComparison.Ordinal))
                    {
                        delimiter = ';';
                    }

                    names = DelimitedRows.SplitLine(text, delimiter);
                    columns = options.Columns.Resolve(names, path, line);
                    if (timeFormat is not null || columns.Time == ClickColumnIndices.None)
                    {
                        break;
                    }

                    continue;
                }

                // The first row with a time value decides; rows too short to have one are left to the reader to report.
                var values = DelimitedRows.SplitLine(text, delimiter);
                if (columns.Time < values.Length && values[columns.Time].Length > 0)
                {
                    timeFormat = TimestampParser.Detect(values[columns.Time])
                        ?? throw new DataFileException(path, line, $"cannot tell the time format of '{values[columns.Time]}' in column '{names[columns.Time]}': not a number nor an ISO 8601 date-time (give the time format if it is one).");
                    break;
                }
            }
        }

        if (names is null)
        {
            throw new DataFileException(path, null, "empty file: expected a header row naming the columns.");
        }

        var rows = new DelimitedClickReader(new DelimitedReaderOptions
        {
            Delimiter = delimiter,
            SessionColumn = columns.Session,
            ItemColumn = columns.Item,
            TimeColumn = columns.Time == ClickColumnIndices.None ? null : columns.Time,
            TimeFormat = timeFormat ?? TimestampFormat.UnixSeconds,
            EventTypeColumn = columns.EventType == ClickColumnIndices.None ? null : columns.EventType,
            CategoryColumn = columns.Category == ClickColumnIndices.None ? null : columns.Category,
            EventTypeMap = EventTypeNames,
        });
        return rows.Read(path);
    }
}
