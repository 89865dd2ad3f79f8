using System.Globalization;
using ActorRec.Models.Data;

namespace ActorRec.Cli;

/// <summary>
/// Where a command reads its sessions from, written as one string so that a checkpoint can record it:
/// a data set folder (or the name of one under the shared data folder), a click log file (CSV, TSV, JSONL, Parquet,
/// the text ones optionally gzipped) with its reading options as a query ("clicks.csv.gz?columns=session=sid,item=iid&amp;time-format=iso"),
/// or "synthetic[:key=value,...]" with the generator's options (items, sessions, seed, zipf, length, purchase, testdays).
/// </summary>
internal sealed record DataSource(string Spec, string Description, DataSetLogs Logs)
{
    public const string SyntheticPrefix = "synthetic";

    private const char QueryStart = '?';

    /// <summary>Resolves <paramref name="spec"/>; for a file, <paramref name="file"/> (the command's file options) wins over the spec's query.</summary>
    public static DataSource Resolve(string spec, ClickFileOptions? file = null)
    {
        if (spec.StartsWith(SyntheticPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Synthetic(spec);
        }

        var query = Directory.Exists(spec) || File.Exists(spec) ? -1 : spec.IndexOf(QueryStart, StringComparison.Ordinal);
        var path = query < 0 ? spec : spec[..query];
        if (File.Exists(path))
        {
            return FromFile(path, Merge(query < 0 ? new ClickFileOptions() : ParseQuery(spec[(query + 1)..], spec), file));
        }

        if (query >= 0 || ClickFiles.FormatOf(path) is not null)
        {
            throw new FileNotFoundException($"--data: no such file '{path}'.", path);
        }

        var folder = Directory.Exists(spec) ? spec : DataSets.FindSharedDataSet(spec);
        if (folder is null)
        {
            var shared = DataSets.FindSharedDataFolder();
            var known = shared is null ? "no shared data folder was found" : $"known under {shared}: {string.Join(", ", DataSets.KnownNames)}";
            throw new ArgumentException($"--data: '{spec}' is neither a folder nor a known data set ({known}); use 'synthetic' for generated data.");
        }

        var full = Path.GetFullPath(folder);
        var logs = DataSets.Load(full);
        return new DataSource(full, $"{logs.Name} ({full})", logs);
    }

    /// <summary>The canonical spelling of file options in a spec's query: only what was chosen, so detection stays detection.</summary>
    public static string Query(ClickFileOptions options)
    {
        var parts = new List<string>();
        if (options.Format is { } format)
        {
            parts.Add($"format={FormatName(format)}");
        }

        if (options.Columns.ToString() is { Length: > 0 } columns)
        {
            parts.Add($"columns={columns}");
        }

        if (options.TimeFormat is { } timeFormat)
        {
            parts.Add($"time-format={TimeFormatName(timeFormat)}");
        }

        return string.Join('&', parts);
    }

    public static ClickFileFormat ParseFormat(string value, string flag) => value.ToLowerInvariant() switch
    {
        "csv" => ClickFileFormat.Csv,
        "tsv" => ClickFileFormat.Tsv,
        "jsonl" or "ndjson" => ClickFileFormat.Jsonl,
        "parquet" => ClickFileFormat.Parquet,
        _ => throw new ArgumentException($"{flag}: '{value}' is not a format (csv, tsv, jsonl, parquet)."),
    };

    /// <summary>Null for "auto": detect from the first value.</summary>
    public static TimestampFormat? ParseTimeFormat(string value, string flag) => value.ToLowerInvariant() switch
    {
        "auto" => null,
        "unix-seconds" or "seconds" or "s" => TimestampFormat.UnixSeconds,
        "unix-ms" or "milliseconds" or "ms" => TimestampFormat.UnixMilliseconds,
        "iso" or "iso8601" => TimestampFormat.IsoDateTime,
        _ => throw new ArgumentException($"{flag}: '{value}' is not a time format (auto, unix-seconds, unix-ms, iso)."),
    };

    public static string FormatName(ClickFileFormat format) => format.ToString().ToLowerInvariant();

    public static string TimeFormatName(TimestampFormat format) => format switch
    {
        TimestampFormat.UnixMilliseconds => "unix-ms",
        TimestampFormat.IsoDateTime => "iso",
        _ => "unix-seconds",
    };

    /// <summary>The demo data: the real yoochoose-100k sample when it is on this machine, else a generated log.</summary>
    public static DataSource Demo() =>
        DataSets.FindSharedDataSet("yoochoose-100k") is { } folder ? Resolve(folder) : Resolve($"{SyntheticPrefix}:items=3000,sessions=20000,seed=42");

    public bool IsSynthetic => Spec.StartsWith(SyntheticPrefix, StringComparison.OrdinalIgnoreCase);

    private static DataSource FromFile(string path, ClickFileOptions options)
    {
        var full = Path.GetFullPath(path);
        var logs = DataSets.LoadFile(full, options);
        var query = Query(options);
        var spec = query.Length == 0 ? full : $"{full}{QueryStart}{query}";
        var format = options.Format ?? ClickFiles.FormatOf(full);
        var description = $"{logs.Name} ({full}; {(format is { } known ? FormatName(known) : "?")}{(query.Length == 0 ? string.Empty : ", " + query)})";
        return new DataSource(spec, description, logs);
    }

    private static ClickFileOptions ParseQuery(string query, string spec)
    {
        var options = new ClickFileOptions();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2)
            {
                throw new ArgumentException($"--data: '{part}' in '{spec}' is not key=value (format, columns, time-format).");
            }

            options = pair[0].ToLowerInvariant() switch
            {
                "format" => options with { Format = ParseFormat(pair[1], "--data format") },
                "columns" => options with { Columns = ClickColumnMapping.Parse(pair[1]) },
                "time-format" => options with { TimeFormat = ParseTimeFormat(pair[1], "--data time-format") },
                _ => throw new ArgumentException($"--data: unknown file option '{pair[0]}' in '{spec}' (format, columns, time-format)."),
            };
        }

        return options;
    }

    /// <summary>The spec's options with the command's on top, role by role for the columns.</summary>
    private static ClickFileOptions Merge(ClickFileOptions spec, ClickFileOptions? command) => command is null ? spec : new ClickFileOptions
    {
        Format = command.Format ?? spec.Format,
        TimeFormat = command.TimeFormat ?? spec.TimeFormat,
        Columns = new ClickColumnMapping
        {
            Session = command.Columns.Session ?? spec.Columns.Session,
            Item = command.Columns.Item ?? spec.Columns.Item,
            Time = command.Columns.Time ?? spec.Columns.Time,
            EventType = command.Columns.EventType ?? spec.Columns.EventType,
            Category = command.Columns.Category ?? spec.Columns.Category,
        },
    };

    private static DataSource Synthetic(string spec)
    {
        var (options, testDays) = SyntheticClickLog.ParseSpec(spec);
        var logs = SyntheticClickLog.GenerateSplit(options, testDays);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"synthetic click log ({options.Items:N0} items, {options.Sessions:N0} sessions, Zipf {options.ZipfExponent}, seed {options.Seed})");
        return new DataSource(spec, description, logs);
    }
}
