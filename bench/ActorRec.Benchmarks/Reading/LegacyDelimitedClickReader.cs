using ActorRec.Models.Data;

namespace ActorRec.Benchmarks.Reading;

/// <summary>
/// The delimited click reader as it was before it moved to Sep: a line reader and the hand-written splitter. Kept only
/// as the baseline of <see cref="ReadingComparison"/>, which checks that both read the same records.
/// </summary>
internal sealed class LegacyDelimitedClickReader
{
    private const int NoColumn = -1;

    private readonly DelimitedReaderOptions _options;

    /// <summary>The highest column index chosen by index; named columns count as none.</summary>
    private readonly int _maxIndex;

    /// <summary>Takes options the current reader accepted, so the baseline skips their validation.</summary>
    public LegacyDelimitedClickReader(DelimitedClickReader validated)
    {
        _options = validated.Options;
        DelimitedColumn?[] chosen = [_options.SessionColumn, _options.ItemColumn, _options.TimeColumn, _options.EventTypeColumn];
        _maxIndex = chosen.Max(column => column?.Index ?? NoColumn);
    }

    public ClickLog Read(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
        return Read(reader, path);
    }

    /// <summary>Reads every row; rows that cannot be read are reported in <see cref="ClickLog.MalformedRows"/>, never thrown.</summary>
    /// <exception cref="DataFileException">The header lacks a column the options name.</exception>
    public ClickLog Read(TextReader reader, string source)
    {
        var splitter = new LegacyDelimitedFieldSplitter(_options.Delimiter);
        var records = new List<ClickRecord>();
        var malformed = new List<MalformedRow>();
        var hasTimestamps = _options.TimeColumn is not null;
        long lineNumber = 0;
        Columns? columns = null;
        if (_options.HasHeader)
        {
            var header = ReadNonBlankLine(reader, ref lineNumber);
            if (header is null)
            {
                return new ClickLog(source, records, malformed, hasTimestamps);
            }

            if (!splitter.TrySplit(header))
            {
                throw new DataFileException(source, lineNumber, "the header row has an unterminated quote.");
            }

            columns = Resolve(splitter, source, lineNumber);
        }

        var items = new StringPool();
        var eventTypes = new EventTypeResolver(_options);
        string? lastSession = null;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (!splitter.TrySplit(line))
            {
                malformed.Add(MalformedRow.FromLine(lineNumber, $"unterminated or misplaced quote in column '{ColumnName(columns, splitter.FailedColumn)}'", line));
                continue;
            }

            if (columns is null)
            {
                // Without a header the first row fixes the column count; a row too short to hold the chosen columns cannot.
                if (splitter.Count <= _maxIndex)
                {
                    malformed.Add(MalformedRow.FromLine(lineNumber, $"expected at least {_maxIndex + 1} columns, found {splitter.Count}", line));
                    continue;
                }

                columns = Resolve(splitter, source, lineNumber);
            }

            var row = columns.Value;
            if (splitter.Count != row.Expected)
            {
                malformed.Add(MalformedRow.FromLine(lineNumber, $"expected {row.Expected} columns, found {splitter.Count}", line));
                continue;
            }

            var session = splitter[row.Session];
            if (session.IsEmpty)
            {
                malformed.Add(MalformedRow.FromLine(lineNumber, $"empty session id in column '{ColumnName(columns, row.Session)}'", line));
                continue;
            }

            var item = splitter[row.Item];
            if (item.IsEmpty)
            {
                malformed.Add(MalformedRow.FromLine(lineNumber, $"empty item id in column '{ColumnName(columns, row.Item)}'", line));
                continue;
            }

            double timestamp = lineNumber;
            if (row.Time != NoColumn && !TimestampParser.TryParse(splitter[row.Time], _options.TimeFormat, out timestamp))
            {
                malformed.Add(MalformedRow.FromLine(lineNumber, $"unparsable {_options.TimeFormat} time '{splitter[row.Time]}' in column '{ColumnName(columns, row.Time)}'", line));
                continue;
            }

            var eventType = _options.DefaultEventType;
            if (row.EventType != NoColumn)
            {
                var code = splitter[row.EventType];
                if (code.IsEmpty)
                {
                    malformed.Add(MalformedRow.FromLine(lineNumber, $"empty event type in column '{ColumnName(columns, row.EventType)}'", line));
                    continue;
                }

                eventType = eventTypes.Resolve(code);
            }

            // Sessions are usually contiguous, so one cached string serves all of a session's rows.
            if (lastSession is null || !session.SequenceEqual(lastSession))
            {
                lastSession = session.ToString();
            }

            records.Add(new ClickRecord(lastSession, items.Get(item), timestamp, eventType, lineNumber));
        }

        return new ClickLog(source, records, malformed, hasTimestamps);
    }

    private static string? ReadNonBlankLine(TextReader reader, ref long lineNumber)
    {
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                return line;
            }
        }

        return null;
    }

    private static string ColumnName(Columns? columns, int index) =>
        columns?.Names is { } names && index < names.Length ? names[index] : DelimitedColumn.At(index).ToString();

    /// <summary>Maps column choices to indices: from the header when there is one, else from the first data row.</summary>
    private Columns Resolve(LegacyDelimitedFieldSplitter fields, string source, long lineNumber)
    {
        var names = _options.HasHeader ? fields.ToArray() : null;
        return new Columns(
            IndexOf(_options.SessionColumn),
            IndexOf(_options.ItemColumn),
            _options.TimeColumn is { } time ? IndexOf(time) : NoColumn,
            _options.EventTypeColumn is { } eventType ? IndexOf(eventType) : NoColumn,
            fields.Count,
            names);

        int IndexOf(DelimitedColumn column)
        {
            var index = column.Name is { } name ? fields.IndexOf(name) : column.Index;
            if (index < 0 || index >= fields.Count)
            {
                var found = names is null ? $"{fields.Count} columns" : $"columns [{string.Join(", ", names)}]";
                throw new DataFileException(source, lineNumber, $"no column {column}; the {(names is null ? "first row" : "header")} has {found}.");
            }

            return index;
        }
    }

    /// <summary>
    /// Resolved column indices. Every row must have <c>Expected</c> columns: the header's count, or the first
    /// row's when there is no header.
    /// </summary>
    private readonly record struct Columns(int Session, int Item, int Time, int EventType, int Expected, string[]? Names);
}
