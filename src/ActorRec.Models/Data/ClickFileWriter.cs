using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using nietras.SeparatedValues;
using Parquet;
using Parquet.Schema;

namespace ActorRec.Models.Data;

/// <summary>
/// Writes click records as a click file that <see cref="ClickFiles"/> reads back: CSV, TSV or JSONL (gzip-compressed
/// when the name ends in .gz) or Parquet, with the column names and time format asked for.
/// </summary>
public static class ClickFileWriter
{
    /// <summary>Column names written when the mapping names none.</summary>
    public static ClickColumnMapping DefaultColumns { get; } = new()
    {
        Session = "session_id",
        Item = "item_id",
        Time = "timestamp",
        EventType = "event_type",
        Category = "category",
    };

    private const int RowGroupSize = 1 << 20;

    /// <summary>Writes <paramref name="records"/> to <paramref name="path"/>, replacing it; returns the rows written.</summary>
    /// <param name="path">The file; its extension gives the format unless <paramref name="options"/> does.</param>
    /// <param name="records">The events, written in this order.</param>
    /// <param name="options">Format, column names (unnamed roles get <see cref="DefaultColumns"/>) and time format (default unix seconds).</param>
    /// <param name="categories">Item categories to write in a category column; null writes none.</param>
    public static long Write(string path, IReadOnlyList<ClickRecord> records, ClickFileOptions? options = null, IReadOnlyDictionary<string, string>? categories = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(records);
        options ??= new ClickFileOptions();
        var format = options.Format ?? ClickFiles.FormatOf(path)
            ?? throw new ArgumentException($"--out: cannot tell the format of '{path}'; name it .csv, .tsv, .jsonl or .parquet (optionally .gz) or give the format.");
        var names = new Columns(
            options.Columns.Session ?? DefaultColumns.Session!,
            options.Columns.Item ?? DefaultColumns.Item!,
            options.Columns.Time ?? DefaultColumns.Time!,
            options.Columns.EventType ?? DefaultColumns.EventType!,
            categories is null ? null : options.Columns.Category ?? DefaultColumns.Category!);
        var timeFormat = options.TimeFormat ?? TimestampFormat.UnixSeconds;
        if (format == ClickFileFormat.Parquet)
        {
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"--out: '{path}': Parquet compresses inside the file; drop the .gz.");
            }

            WriteParquetAsync(path, records, names, timeFormat, categories).GetAwaiter().GetResult();
            return records.Count;
        }

        using var file = File.Create(path);
        using var stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Optimal) : (Stream)file;
        using var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        if (format == ClickFileFormat.Jsonl)
        {
            WriteJsonl(text, records, names, timeFormat, categories);
        }
        else
        {
            WriteDelimited(text, format == ClickFileFormat.Tsv ? '\t' : ',', records, names, timeFormat, categories);
        }

        return records.Count;
    }

    private static void WriteDelimited(TextWriter text, char delimiter, IReadOnlyList<ClickRecord> records, Columns names, TimestampFormat timeFormat, IReadOnlyDictionary<string, string>? categories)
    {
        using var writer = new SepWriterOptions(new Sep(delimiter)) { Escape = true }.To(text, leaveOpen: true);
        foreach (var record in records)
        {
            using var row = writer.NewRow();
            row[names.Session].Set(record.SessionId);
            row[names.Item].Set(record.ItemId);
            row[names.Time].Set(TimeText(record.Timestamp, timeFormat));
            row[names.EventType].Set(record.EventType);
            if (names.Category is { } category)
            {
                row[category].Set(categories!.GetValueOrDefault(record.ItemId, string.Empty));
            }
        }
    }

    private static void WriteJsonl(TextWriter text, IReadOnlyList<ClickRecord> records, Columns names, TimestampFormat timeFormat, IReadOnlyDictionary<string, string>? categories)
    {
        var buffer = new MemoryStream();
        foreach (var record in records)
        {
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString(names.Session, record.SessionId);
                json.WriteString(names.Item, record.ItemId);
                switch (timeFormat)
                {
                    case TimestampFormat.UnixMilliseconds: json.WriteNumber(names.Time, Milliseconds(record.Timestamp)); break;
                    case TimestampFormat.IsoDateTime: json.WriteString(names.Time, TimeText(record.Timestamp, timeFormat)); break;
                    default: json.WriteNumber(names.Time, record.Timestamp); break;
                }

                json.WriteString(names.EventType, record.EventType);
                if (names.Category is { } category && categories!.TryGetValue(record.ItemId, out var value))
                {
                    json.WriteString(category, value);
                }

                json.WriteEndObject();
            }

            text.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }

    private static async Task WriteParquetAsync(string path, IReadOnlyList<ClickRecord> records, Columns names, TimestampFormat timeFormat, IReadOnlyDictionary<string, string>? categories)
    {
        DataField time = timeFormat switch
        {
            TimestampFormat.UnixMilliseconds => new DataField<long>(names.Time),
            TimestampFormat.IsoDateTime => new DataField<DateTime>(names.Time),
            _ => new DataField<double>(names.Time),
        };
        List<DataField> fields = [new DataField<string>(names.Session), new DataField<string>(names.Item), time, new DataField<string>(names.EventType)];
        if (names.Category is { } category)
        {
            fields.Add(new DataField<string>(category, nullable: true));
        }

        var schema = new ParquetSchema(fields);
        await using var file = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, file);
        for (var start = 0; start < records.Count || start == 0; start += RowGroupSize)
        {
            var group = records.Skip(start).Take(RowGroupSize).ToArray();
            using var groupWriter = writer.CreateRowGroup();
            await groupWriter.WriteAsync(fields[0], group.Select(r => r.SessionId).ToArray());
            await groupWriter.WriteAsync(fields[1], group.Select(r => r.ItemId).ToArray());
            switch (timeFormat)
            {
                case TimestampFormat.UnixMilliseconds:
                    await groupWriter.WriteAsync<long>(time, group.Select(r => Milliseconds(r.Timestamp)).ToArray());
                    break;
                case TimestampFormat.IsoDateTime:
                    await groupWriter.WriteAsync<DateTime>(time, group.Select(r => DateTimeOf(r.Timestamp).UtcDateTime).ToArray());
                    break;
                default:
                    await groupWriter.WriteAsync<double>(time, group.Select(r => r.Timestamp).ToArray());
                    break;
            }

            await groupWriter.WriteAsync(fields[3], group.Select(r => r.EventType).ToArray());
            if (categories is not null)
            {
                await groupWriter.WriteAsync(fields[4], group.Select(r => categories.GetValueOrDefault(r.ItemId)).ToArray());
            }

            if (records.Count == 0)
            {
                break;
            }
        }
    }

    private static string TimeText(double seconds, TimestampFormat format) => format switch
    {
        TimestampFormat.UnixMilliseconds => Milliseconds(seconds).ToString(CultureInfo.InvariantCulture),
        TimestampFormat.IsoDateTime => DateTimeOf(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        _ => seconds.ToString("R", CultureInfo.InvariantCulture),
    };

    private static long Milliseconds(double seconds) => (long)Math.Round(seconds * 1000);

    private static DateTimeOffset DateTimeOf(double seconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    private sealed record Columns(string Session, string Item, string Time, string EventType, string? Category);
}
