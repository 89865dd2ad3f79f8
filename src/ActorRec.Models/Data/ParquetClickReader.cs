using System.Globalization;
using System.Numerics;
using Parquet;
using Parquet.Schema;

namespace ActorRec.Models.Data;

/// <summary>
/// Reads a click log from a Parquet file: the top-level fields are the columns; ids may be strings or integers,
/// times numbers (seconds or milliseconds), date-times or strings. Row numbers (1-based over the file) stand in for
/// line numbers in reports.
/// </summary>
internal static class ParquetClickReader
{
    public static ClickLog Read(string path, ClickFileOptions options) => ReadAsync(path, options).GetAwaiter().GetResult();

    private static async Task<ClickLog> ReadAsync(string path, ClickFileOptions options)
    {
        await using var file = File.OpenRead(path);
        if (CheckedGzipStream.IsGzip(file))
        {
            throw new DataFileException(path, null, "a gzip file, not Parquet: Parquet compresses inside the file, so it is not gzipped.");
        }

        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(file);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            throw new DataFileException(path, null, $"not a readable Parquet file ({e.Message}).", e);
        }

        await using (reader)
        {
            var fields = reader.Schema.DataFields;
            var columns = options.Columns.Resolve([.. fields.Select(field => field.Name)], path, line: null);
            DataField? Field(int index) => index == ClickColumnIndices.None ? null : fields[index];
            var records = new List<ClickRecord>();
            var malformed = new List<MalformedRow>();
            var items = new StringPool();
            var sessions = new StringPool();
            var eventTypes = new StringPool();
            var categories = columns.Category == ClickColumnIndices.None ? null : new Dictionary<string, string>(StringComparer.Ordinal);
            var timeFormat = options.TimeFormat;
            long row = 0;
            for (var group = 0; group < reader.RowGroupCount; group++)
            {
                using var groupReader = reader.OpenRowGroupReader(group);
                var count = checked((int)groupReader.RowCount);
                var sessionIds = await TextAsync(groupReader, fields[columns.Session], count, path);
                var itemIds = await TextAsync(groupReader, fields[columns.Item], count, path);
                var types = Field(columns.EventType) is { } typeField ? await TextAsync(groupReader, typeField, count, path) : null;
                var itemCategories = Field(columns.Category) is { } categoryField ? await TextAsync(groupReader, categoryField, count, path) : null;
                var times = Field(columns.Time) is { } timeField ? await TimesAsync(groupReader, timeField, count, path, row, timeFormat) : null;
                timeFormat ??= times?.Format;
                for (var i = 0; i < count; i++)
                {
                    row++;
                    var reason = string.IsNullOrEmpty(sessionIds[i]) ? $"empty session id in column '{fields[columns.Session].Name}'"
                        : string.IsNullOrEmpty(itemIds[i]) ? $"empty item id in column '{fields[columns.Item].Name}'"
                        : times is not null && times.Seconds[i] is null ? times.Errors[i] ?? $"empty time in column '{fields[columns.Time].Name}'"
                        : types is not null && string.IsNullOrEmpty(types[i]) ? $"empty event type in column '{fields[columns.EventType].Name}'"
                        : null;
                    if (reason is not null)
                    {
                        malformed.Add(MalformedRow.FromLine(row, reason, $"row {row}"));
                        continue;
                    }

                    var item = items.Get(itemIds[i]);
                    var type = types is null ? EventTypes.Click
                        : ClickFiles.EventTypeNames.TryGetValue(types[i]!, out var canonical) ? canonical
                        : eventTypes.Get(types[i]);
                    records.Add(new ClickRecord(sessions.Get(sessionIds[i]), item, times?.Seconds[i] ?? row, type, row));
                    if (categories is not null && !string.IsNullOrEmpty(itemCategories![i]))
                    {
                        categories.TryAdd(item, itemCategories[i]!);
                    }
                }
            }

            return new ClickLog(path, records, malformed, hasTimestamps: columns.Time != ClickColumnIndices.None, categories);
        }
    }

    /// <summary>A column as text: strings as they are, integers and other numbers in invariant culture; nulls stay null.</summary>
    private static async Task<string?[]> TextAsync(ParquetRowGroupReader group, DataField field, int count, string path)
    {
        var type = field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[count];
            await group.ReadAsync(field, values.AsMemory());
            return values;
        }

        return type == typeof(long) ? Format(await NumbersAsync<long>(group, field, count))
            : type == typeof(int) ? Format(await NumbersAsync<int>(group, field, count))
            : type == typeof(short) ? Format(await NumbersAsync<short>(group, field, count))
            : type == typeof(ulong) ? Format(await NumbersAsync<ulong>(group, field, count))
            : type == typeof(uint) ? Format(await NumbersAsync<uint>(group, field, count))
            : type == typeof(double) ? Format(await NumbersAsync<double>(group, field, count))
            : type == typeof(decimal) ? Format(await NumbersAsync<decimal>(group, field, count))
            : throw Unsupported(field, path, "strings or numbers");
    }

    /// <summary>A time column as seconds since the Unix epoch, with the reason for each value that is not one.</summary>
    private static async Task<TimeColumn> TimesAsync(ParquetRowGroupReader group, DataField field, int count, string path, long firstRow, TimestampFormat? format)
    {
        var type = field.ClrType;
        if (type == typeof(DateTime))
        {
            var values = await NumbersOrDatesAsync<DateTime>(group, field, count);
            return new TimeColumn(Array.ConvertAll(values, value => value is { } date ? TimestampParser.ToUnixSeconds(new DateTimeOffset(DateTime.SpecifyKind(date, date.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : date.Kind))) : (double?)null), new string?[count], TimestampFormat.IsoDateTime);
        }

        if (type == typeof(DateTimeOffset))
        {
            var values = await NumbersOrDatesAsync<DateTimeOffset>(group, field, count);
            return new TimeColumn(Array.ConvertAll(values, value => value is { } date ? TimestampParser.ToUnixSeconds(date) : (double?)null), new string?[count], TimestampFormat.IsoDateTime);
        }

        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var texts = await TextAsync(group, field, count, path);
            var seconds = new double?[count];
            var errors = new string?[count];
            for (var i = 0; i < count; i++)
            {
                if (string.IsNullOrEmpty(texts[i]))
                {
                    continue;
                }

                format ??= TimestampParser.Detect(texts[i])
                    ?? throw new DataFileException(path, null, $"row {firstRow + i + 1}: cannot tell the time format of '{texts[i]}' in column '{field.Name}': not a number nor an ISO 8601 date-time.");
                if (TimestampParser.TryParse(texts[i], format.Value, out var value))
                {
                    seconds[i] = value;
                }
                else
                {
                    errors[i] = $"unparsable {format} time '{texts[i]}' in column '{field.Name}'";
                }
            }

            return new TimeColumn(seconds, errors, format);
        }

        var numbers = type == typeof(long) ? ToDouble(await NumbersAsync<long>(group, field, count))
            : type == typeof(int) ? ToDouble(await NumbersAsync<int>(group, field, count))
            : type == typeof(ulong) ? ToDouble(await NumbersAsync<ulong>(group, field, count))
            : type == typeof(uint) ? ToDouble(await NumbersAsync<uint>(group, field, count))
            : type == typeof(double) ? await NumbersAsync<double>(group, field, count)
            : type == typeof(float) ? ToDouble(await NumbersAsync<float>(group, field, count))
            : type == typeof(decimal) ? ToDouble(await NumbersAsync<decimal>(group, field, count))
            : throw Unsupported(field, path, "numbers, date-times or strings");
        format ??= Array.Find(numbers, value => value is not null) is { } first ? TimestampParser.FromMagnitude(first) : null;
        if (format == TimestampFormat.IsoDateTime)
        {
            throw new DataFileException(path, null, $"column '{field.Name}' holds numbers, not ISO 8601 date-times.");
        }

        var unit = format ?? TimestampFormat.UnixSeconds;
        return new TimeColumn(Array.ConvertAll(numbers, value => value is { } number && double.IsFinite(number) ? TimestampParser.FromNumber(number, unit) : (double?)null), new string?[count], format);
    }

    private static async Task<T?[]> NumbersAsync<T>(ParquetRowGroupReader group, DataField field, int count)
        where T : struct, INumberBase<T> => await NumbersOrDatesAsync<T>(group, field, count);

    private static async Task<T?[]> NumbersOrDatesAsync<T>(ParquetRowGroupReader group, DataField field, int count)
        where T : struct
    {
        if (field.IsNullable)
        {
            var nullable = new T?[count];
            await group.ReadAsync<T>(field, nullable.AsMemory());
            return nullable;
        }

        var values = new T[count];
        await group.ReadAsync<T>(field, values.AsMemory());
        return Array.ConvertAll(values, value => (T?)value);
    }

    private static string?[] Format<T>(T?[] values)
        where T : struct, INumberBase<T> => Array.ConvertAll(values, value => value?.ToString(null, CultureInfo.InvariantCulture));

    private static double?[] ToDouble<T>(T?[] values)
        where T : struct, INumberBase<T> => Array.ConvertAll(values, value => value is { } number ? double.CreateTruncating(number) : (double?)null);

    private static DataFileException Unsupported(DataField field, string path, string expected) =>
        new(path, null, $"column '{field.Name}' is of type {field.ClrType.Name}{(field.IsArray ? "[]" : string.Empty)}; expected {expected}.");

    /// <summary>Seconds per row (null where there is none), why each missing one is missing, and the format found.</summary>
    private sealed record TimeColumn(double?[] Seconds, string?[] Errors, TimestampFormat? Format);
}
