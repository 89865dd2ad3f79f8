using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ActorRec.Models.Data;

/// <summary>
/// Reads the OTTO (otto-de/recsys-dataset) JSON-lines format, one session per line:
/// <c>{"session":1,"events":[{"aid":2,"ts":1659304800025,"type":"clicks"}]}</c>; "clicks", "carts" and
/// "orders" become click, cart and purchase, other types are kept as written.
/// </summary>
public static class OttoJsonlReader
{
    private const double MillisecondsPerSecond = 1000.0;

    public static ClickLog Read(string path)
    {
        using var reader = SourceFiles.OpenText(path);
        return Read(reader, path);
    }

    public static ClickLog Read(TextReader reader, string source)
    {
        var records = new List<ClickRecord>();
        var malformed = new List<MalformedRow>();
        var items = new Dictionary<long, string>();
        var events = new List<(string Item, double Timestamp, string EventType)>();
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            long lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var byteCount = Encoding.UTF8.GetMaxByteCount(line.Length);
                if (byteCount > buffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(byteCount);
                }

                var length = Encoding.UTF8.GetBytes(line, buffer);
                events.Clear();
                string? error;
                string? session;
                try
                {
                    error = TryParseSession(buffer.AsSpan(0, length), items, events, out session);
                }
                catch (Exception exception) when (exception is JsonException or InvalidOperationException)
                {
                    // GetString throws InvalidOperationException, not JsonException, on an escaped lone surrogate ("\ud800").
                    error = $"invalid JSON: {exception.Message}";
                    session = null;
                }

                if (error is not null || session is null)
                {
                    malformed.Add(MalformedRow.FromLine(lineNumber, error ?? "missing 'session'", line));
                    continue;
                }

                foreach (var (item, timestamp, eventType) in events)
                {
                    records.Add(new ClickRecord(session, item, timestamp, eventType, lineNumber));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new ClickLog(source, records, malformed, hasTimestamps: true);
    }

    /// <summary>Returns null on success or the reason the line is malformed, naming the field.</summary>
    private static string? TryParseSession(
        ReadOnlySpan<byte> json,
        Dictionary<long, string> items,
        List<(string Item, double Timestamp, string EventType)> events,
        out string? session)
    {
        session = null;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "expected a JSON object";
        }

        var sawEvents = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("session"u8))
            {
                reader.Read();
                session = reader.TokenType switch
                {
                    JsonTokenType.Number when reader.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
                    JsonTokenType.String => reader.GetString(),
                    _ => null,
                };
                if (string.IsNullOrEmpty(session))
                {
                    return "'session' is not an integer or a non-empty string";
                }
            }
            else if (reader.ValueTextEquals("events"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return "'events' is not an array";
                }

                sawEvents = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (ReadEvent(ref reader, items, events) is { } error)
                    {
                        return $"event {events.Count + 1}: {error}";
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return sawEvents ? null : "missing 'events'";
    }

    private static string? ReadEvent(ref Utf8JsonReader reader, Dictionary<long, string> items, List<(string Item, double Timestamp, string EventType)> events)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "not an object";
        }

        long? aid = null;
        double? ts = null;
        string? type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("aid"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value))
                {
                    return "'aid' is not an integer";
                }

                aid = value;
            }
            else if (reader.ValueTextEquals("ts"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value))
                {
                    return "'ts' is not a number";
                }

                ts = value / MillisecondsPerSecond;
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return "'type' is not a string";
                }

                type = reader.ValueTextEquals("clicks"u8) ? EventTypes.Click
                    : reader.ValueTextEquals("carts"u8) ? EventTypes.Cart
                    : reader.ValueTextEquals("orders"u8) ? EventTypes.Purchase
                    : reader.GetString();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (aid is null)
        {
            return "missing 'aid'";
        }

        if (ts is null)
        {
            return "missing 'ts'";
        }

        if (string.IsNullOrEmpty(type))
        {
            return "missing 'type'";
        }

        if (!items.TryGetValue(aid.Value, out var item))
        {
            item = aid.Value.ToString(CultureInfo.InvariantCulture);
            items.Add(aid.Value, item);
        }

        events.Add((item, ts.Value, type));
        return null;
    }
}
