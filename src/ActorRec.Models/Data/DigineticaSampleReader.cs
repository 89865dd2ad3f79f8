using System.Globalization;

namespace ActorRec.Models.Data;

/// <summary>
/// Reads the CIKM Cup 2016 (Diginetica) item views joined with its purchase log: purchases whose session
/// appears among the views become purchase events of that session. Both files are ';'-separated with a
/// header; an event's time is its eventdate (UTC midnight) plus its timeframe in milliseconds.
/// </summary>
public static class DigineticaSampleReader
{
    private const char Delimiter = ';';
    private const double MillisecondsPerSecond = 1000.0;

    /// <summary>Reads the views and, when <paramref name="purchasesPath"/> is given, the purchases of the same sessions.</summary>
    /// <remarks>Malformed purchase rows carry the purchases file name in their reason, since the log has one source.</remarks>
    public static ClickLog Read(string viewsPath, string? purchasesPath)
    {
        var records = new List<ClickRecord>();
        var malformed = new List<MalformedRow>();
        var items = new StringPool();
        var sessions = new StringPool();
        var dates = new DateCache();
        ReadFile(viewsPath, new Columns("session_id", "item_id", "timeframe", "eventdate"), EventTypes.Click, records, malformed, items, sessions, dates, sessionFilter: null, reasonPrefix: string.Empty);
        if (purchasesPath is not null)
        {
            var viewSessions = records.Select(record => record.SessionId).ToHashSet(StringComparer.Ordinal);
            ReadFile(purchasesPath, new Columns("sessionId", "itemId", "timeframe", "eventdate"), EventTypes.Purchase, records, malformed, items, sessions, dates, viewSessions, $"{Path.GetFileName(purchasesPath)}: ");
        }

        var source = purchasesPath is null ? viewsPath : $"{viewsPath}+{Path.GetFileName(purchasesPath)}";
        return new ClickLog(source, records, malformed, hasTimestamps: true);
    }

    private static void ReadFile(
        string path,
        Columns names,
        string eventType,
        List<ClickRecord> records,
        List<MalformedRow> malformed,
        StringPool items,
        StringPool sessions,
        DateCache dates,
        HashSet<string>? sessionFilter,
        string reasonPrefix)
    {
        using var reader = SourceFiles.OpenText(path);
        var filter = sessionFilter?.GetAlternateLookup<ReadOnlySpan<char>>();
        ColumnIndices? header = null;
        var expected = 0;
        DelimitedRows.Read(
            reader,
            Delimiter,
            row =>
            {
                if (header is null)
                {
                    if (row.Line != 1)
                    {
                        throw new DataFileException(path, 1, "missing or malformed header row.");
                    }

                    expected = row.Count;
                    header = new ColumnIndices(Require(row, names.Session, path), Require(row, names.Item, path), Require(row, names.Timeframe, path), Require(row, names.Date, path));
                    return;
                }

                var (session, item, timeframe, date) = header.Value;
                string? reason = null;
                if (row.Count != expected)
                {
                    reason = $"expected {expected} columns, found {row.Count}";
                }
                else if (row[session].IsEmpty)
                {
                    reason = $"empty session id in column '{names.Session}'";
                }
                else if (filter is { } sessionsWanted && !sessionsWanted.Contains(row[session]))
                {
                    return;
                }
                else if (row[item].IsEmpty)
                {
                    reason = $"empty item id in column '{names.Item}'";
                }
                else if (!double.TryParse(row[timeframe], NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) || !double.IsFinite(milliseconds))
                {
                    reason = $"unparsable timeframe '{row[timeframe]}' in column '{names.Timeframe}'";
                }
                else if (!dates.TryParse(row[date], out var day))
                {
                    reason = $"unparsable date '{row[date]}' in column '{names.Date}'";
                }
                else
                {
                    records.Add(new ClickRecord(sessions.Get(row[session]), items.Get(row[item]), day + (milliseconds / MillisecondsPerSecond), eventType, row.Line));
                }

                if (reason is not null)
                {
                    malformed.Add(MalformedRow.FromLine(row.Line, reasonPrefix + reason, row.Text));
                }
            },
            (line, text) =>
            {
                if (header is null)
                {
                    throw new DataFileException(path, 1, "missing or malformed header row.");
                }

                malformed.Add(MalformedRow.FromLine(line, reasonPrefix + "unterminated or misplaced quote (a quoted field may not span lines)", text));
            });
        if (header is null)
        {
            throw new DataFileException(path, 1, "missing or malformed header row.");
        }
    }

    private static int Require(DelimitedRow header, string name, string path)
    {
        var index = header.IndexOf(name);
        return index >= 0 ? index : throw new DataFileException(path, 1, $"no column '{name}' in the header.");
    }

    private readonly record struct Columns(string Session, string Item, string Timeframe, string Date);

    private readonly record struct ColumnIndices(int Session, int Item, int Timeframe, int Date);

    /// <summary>Rows come grouped by day, so remembering the last date parsed avoids nearly every parse.</summary>
    private sealed class DateCache
    {
        private string _lastText = string.Empty;
        private double _lastSeconds;

        public bool TryParse(ReadOnlySpan<char> text, out double seconds)
        {
            if (text.SequenceEqual(_lastText))
            {
                seconds = _lastSeconds;
                return true;
            }

            if (!DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day))
            {
                seconds = 0;
                return false;
            }

            _lastText = text.ToString();
            _lastSeconds = TimestampParser.ToUnixSeconds(new DateTimeOffset(day, TimeSpan.Zero));
            seconds = _lastSeconds;
            return true;
        }
    }
}
