namespace ActorRec.Models.Data;

/// <summary>Reads a delimited (TSV, CSV, any delimiter) click log in one streaming pass.</summary>
public sealed class DelimitedClickReader
{
    private const int NoColumn = -1;

    private readonly DelimitedReaderOptions _options;

    /// <summary>The highest column index chosen by index; named columns count as none.</summary>
    private readonly int _maxIndex;

    public DelimitedClickReader(DelimitedReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        DelimitedColumn?[] chosen = [options.SessionColumn, options.ItemColumn, options.TimeColumn, options.EventTypeColumn, options.CategoryColumn];
        if (!options.HasHeader && chosen.FirstOrDefault(column => column?.Name is not null) is { Name: { } name })
        {
            throw new ArgumentException($"Column '{name}' is chosen by name but the file has no header row; choose it by index.", nameof(options));
        }

        _options = options;
        _maxIndex = chosen.Max(column => column?.Index ?? NoColumn);
    }

    public DelimitedReaderOptions Options => _options;

    public ClickLog Read(string path)
    {
        using var reader = SourceFiles.OpenText(path);
        return Read(reader, path);
    }

    /// <summary>Reads every row; rows that cannot be read are reported in <see cref="ClickLog.MalformedRows"/>, never thrown.</summary>
    /// <exception cref="DataFileException">The header lacks a column the options name, or a gzip source ends early.</exception>
    public ClickLog Read(TextReader reader, string source)
    {
        var state = new ReadState(this, source);
        DelimitedRows.Read(reader, _options.Delimiter, state.Add, state.AddBrokenQuote);

        return new ClickLog(source, state.Records, state.Malformed, _options.TimeColumn is not null, state.Categories);
    }

    private static string ColumnName(Columns? columns, int index) =>
        columns?.Names is { } names && index < names.Length ? names[index] : DelimitedColumn.At(index).ToString();

    /// <summary>Maps column choices to indices: from the header when there is one, else from the first data row.</summary>
    private Columns Resolve(DelimitedRow fields, string source)
    {
        var names = _options.HasHeader ? fields.ToArray() : null;
        var count = fields.Count;
        var indices = new int[] { -1, -1, -1, -1, -1 };
        DelimitedColumn?[] chosen = [_options.SessionColumn, _options.ItemColumn, _options.TimeColumn, _options.EventTypeColumn, _options.CategoryColumn];
        for (var c = 0; c < chosen.Length; c++)
        {
            if (chosen[c] is not { } column)
            {
                continue;
            }

            var index = column.Name is { } name ? fields.IndexOf(name) : column.Index;
            if (index < 0 || index >= count)
            {
                var found = names is null ? $"{count} columns" : $"columns [{string.Join(", ", names)}]";
                throw new DataFileException(source, fields.Line, $"no column {column}; the {(names is null ? "first row" : "header")} has {found}.");
            }

            indices[c] = index;
        }

        return new Columns(indices[0], indices[1], indices[2], indices[3], indices[4], count, names);
    }

    /// <summary>
    /// Resolved column indices. Every row must have <c>Expected</c> columns: the header's count, or the first
    /// row's when there is no header.
    /// </summary>
    private readonly record struct Columns(int Session, int Item, int Time, int EventType, int Category, int Expected, string[]? Names);

    /// <summary>One pass over a source: the rows read so far and the column layout fixed by the header or first row.</summary>
    private sealed class ReadState(DelimitedClickReader owner, string source)
    {
        private readonly DelimitedReaderOptions _options = owner._options;
        private readonly StringPool _items = new();
        private readonly EventTypeResolver _eventTypes = new(owner._options);
        private Columns? _columns;
        private bool _headerSeen;
        private string? _lastSession;

        public List<ClickRecord> Records { get; } = [];

        public List<MalformedRow> Malformed { get; } = [];

        /// <summary>Item to category, the first category of an item winning; null without a category column.</summary>
        public Dictionary<string, string>? Categories { get; } = owner._options.CategoryColumn is null ? null : new(StringComparer.Ordinal);

        public void AddBrokenQuote(long line, string text)
        {
            if (_options.HasHeader && !_headerSeen)
            {
                throw new DataFileException(source, line, "the header row has an unterminated quote.");
            }

            Malformed.Add(MalformedRow.FromLine(line, "unterminated or misplaced quote (a quoted field may not span lines)", text));
        }

        public void Add(DelimitedRow row)
        {
            if (_options.HasHeader && !_headerSeen)
            {
                _headerSeen = true;
                _columns = owner.Resolve(row, source);
                return;
            }

            if (_columns is null)
            {
                // Without a header the first row fixes the column count; a row too short to hold the chosen columns cannot.
                if (row.Count <= owner._maxIndex)
                {
                    Malformed.Add(MalformedRow.FromLine(row.Line, $"expected at least {owner._maxIndex + 1} columns, found {row.Count}", row.Text));
                    return;
                }

                _columns = owner.Resolve(row, source);
            }

            var columns = _columns.Value;
            if (row.Count != columns.Expected)
            {
                Malformed.Add(MalformedRow.FromLine(row.Line, $"expected {columns.Expected} columns, found {row.Count}", row.Text));
                return;
            }

            var session = row[columns.Session];
            if (session.IsEmpty)
            {
                Bad(row, $"empty session id in column '{ColumnName(columns, columns.Session)}'");
                return;
            }

            var item = row[columns.Item];
            if (item.IsEmpty)
            {
                Bad(row, $"empty item id in column '{ColumnName(columns, columns.Item)}'");
                return;
            }

            double timestamp = row.Line;
            if (columns.Time != NoColumn && !TimestampParser.TryParse(row[columns.Time], _options.TimeFormat, out timestamp))
            {
                Bad(row, $"unparsable {_options.TimeFormat} time '{row[columns.Time]}' in column '{ColumnName(columns, columns.Time)}'");
                return;
            }

            var eventType = _options.DefaultEventType;
            if (columns.EventType != NoColumn)
            {
                var code = row[columns.EventType];
                if (code.IsEmpty)
                {
                    Bad(row, $"empty event type in column '{ColumnName(columns, columns.EventType)}'");
                    return;
                }

                eventType = _eventTypes.Resolve(code);
            }

            // Sessions are usually contiguous, so one cached string serves all of a session's rows.
            if (_lastSession is null || !session.SequenceEqual(_lastSession))
            {
                _lastSession = session.ToString();
            }

            var itemId = _items.Get(item);
            Records.Add(new ClickRecord(_lastSession, itemId, timestamp, eventType, row.Line));
            if (Categories is not null && columns.Category != NoColumn && !row[columns.Category].IsEmpty && !Categories.ContainsKey(itemId))
            {
                Categories.Add(itemId, row[columns.Category].ToString());
            }
        }

        private void Bad(DelimitedRow row, string reason) => Malformed.Add(MalformedRow.FromLine(row.Line, reason, row.Text));
    }
}
