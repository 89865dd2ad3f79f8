using System.Globalization;
using System.Text.Json;

namespace ActorRec.Models.Data;

/// <summary>
/// Reads a click log written as one flat JSON object per line, one event per object:
/// <c>{"session_id":"s1","item_id":42,"timestamp":1700000000}</c>. The first object's property names are the
/// columns; ids may be strings or numbers, times numbers or strings.
/// </summary>
internal static class JsonlClickReader
{
    public static ClickLog Read(string path, ClickFileOptions options)
    {
        var records = new List<ClickRecord>();
        var malformed = new List<MalformedRow>();
        var items = new StringPool();
        var sessions = new StringPool();
        var eventTypes = new Dictionary<string, string>(StringComparer.Ordinal);
        Dictionary<string, string>? categories = null;
        Names? names = null;
        var timeFormat = options.TimeFormat;
        long lineNumber = 0;
        using var reader = SourceFiles.OpenText(path);
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                malformed.Add(MalformedRow.FromLine(lineNumber, $"invalid JSON: {e.Message}", line));
                continue;
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    malformed.Add(MalformedRow.FromLine(lineNumber, "expected a JSON object", line));
                    continue;
                }

                if (names is null)
                {
                    var columns = options.Columns.Resolve([.. root.EnumerateObject().Select(property => property.Name)], path, lineNumber);
                    names = new Names(columns.NameOf(columns.Session)!, columns.NameOf(columns.Item)!, columns.NameOf(columns.Time), columns.NameOf(columns.EventType), columns.NameOf(columns.Category));
                    categories = names.Category is null ? null : new Dictionary<string, string>(StringComparer.Ordinal);
                }

                string? error;
                string session, item;
                double? time;
                string? type, category;
                try
                {
                    error = ReadEvent(root, names, ref timeFormat, out session, out item, out time, out type, out category);
                }
                catch (InvalidOperationException e)
                {
                    // GetString throws this, not JsonException, on an escaped lone surrogate ("\ud800").
                    malformed.Add(MalformedRow.FromLine(lineNumber, $"invalid JSON string: {e.Message}", line));
                    continue;
                }

                if (error is not null)
                {
                    if (records.Count == 0 && timeFormat is null && names.Time is not null && error.StartsWith("cannot tell", StringComparison.Ordinal))
                    {
                        throw new DataFileException(path, lineNumber, error);
                    }

                    malformed.Add(MalformedRow.FromLine(lineNumber, error, line));
                    continue;
                }

                var itemId = items.Get(item);
                var eventType = EventTypes.Click;
                if (type is not null && !eventTypes.TryGetValue(type, out eventType!))
                {
                    eventType = ClickFiles.EventTypeNames.TryGetValue(type, out var canonical) ? canonical : type;
                    eventTypes.Add(type, eventType);
                }

                records.Add(new ClickRecord(sessions.Get(session), itemId, time ?? lineNumber, eventType, lineNumber));
                if (categories is not null && !string.IsNullOrEmpty(category))
                {
                    categories.TryAdd(itemId, category);
                }
            }
        }

        return new ClickLog(path, records, malformed, hasTimestamps: names?.Time is not null, categories);
    }

    /// <summary>Null when the event is read, else what is wrong with it, naming the property.</summary>
    private static string? ReadEvent(
        JsonElement root, Names names, ref TimestampFormat? timeFormat, out string session, out string item, out double? time, out string? type, out string? category)
    {
        session = item = string.Empty;
        time = null;
        type = category = null;
        if (Text(root, names.Session) is not { Length: > 0 } sessionText)
        {
            return $"missing or empty '{names.Session}'";
        }

        if (Text(root, names.Item) is not { Length: > 0 } itemText)
        {
            return $"missing or empty '{names.Item}'";
        }

        (session, item) = (sessionText, itemText);
        if (names.Time is { } timeName)
        {
            if (!root.TryGetProperty(timeName, out var value))
            {
                return $"missing '{timeName}'";
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
            {
                timeFormat ??= TimestampParser.FromMagnitude(number);
                if (timeFormat == TimestampFormat.IsoDateTime)
                {
                    return $"'{timeName}' is the number {value.GetRawText()}, not an ISO 8601 date-time";
                }

                time = TimestampParser.FromNumber(number, timeFormat.Value);
            }
            else if (value.ValueKind == JsonValueKind.String)
            {
                var text = value.GetString()!;
                timeFormat ??= TimestampParser.Detect(text);
                if (timeFormat is null)
                {
                    return $"cannot tell the time format of '{text}' in '{timeName}': not a number nor an ISO 8601 date-time (give the time format if it is one)";
                }

                if (!TimestampParser.TryParse(text, timeFormat.Value, out var seconds))
                {
                    return $"unparsable {timeFormat} time '{text}' in '{timeName}'";
                }

                time = seconds;
            }
            else
            {
                return $"unparsable time {value.GetRawText()} in '{timeName}'";
            }
        }

        if (names.EventType is { } typeName)
        {
            type = Text(root, typeName);
            if (string.IsNullOrEmpty(type))
            {
                return $"missing or empty '{typeName}'";
            }
        }

        if (names.Category is { } categoryName)
        {
            category = Text(root, categoryName);
        }

        return null;
    }

    /// <summary>A string property as written, a number as its JSON text (so 42 and "42" are the same id); null otherwise.</summary>
    private static string? Text(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null
        : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.TryGetInt64(out var integer) ? integer.ToString(CultureInfo.InvariantCulture) : value.GetRawText(),
            _ => null,
        };

    private sealed record Names(string Session, string Item, string? Time, string? EventType, string? Category);
}
