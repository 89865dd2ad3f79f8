namespace ActorRec.Benchmarks.Reading;

/// <summary>
/// The hand-written splitter the data readers used before Sep, kept as the baseline of <see cref="ReadingComparison"/>.
/// Splits one delimited line into fields without allocating for unquoted fields. Quoting follows RFC 4180
/// within a line (a doubled quote is a literal quote); a quoted field spanning lines is reported as malformed,
/// because click logs never need one and supporting it would let one stray quote swallow the rest of a file.
/// </summary>
internal sealed class LegacyDelimitedFieldSplitter(char delimiter)
{
    private readonly char _delimiter = delimiter;
    private int[] _starts = new int[16];
    private int[] _lengths = new int[16];
    private string?[] _unescaped = new string?[16];
    private string _line = string.Empty;

    public int Count { get; private set; }

    /// <summary>0-based column whose quoting broke the last failed split.</summary>
    public int FailedColumn { get; private set; }

    /// <summary>The field, trimmed of surrounding whitespace when unquoted, unescaped when quoted.</summary>
    public ReadOnlySpan<char> this[int index] =>
        _unescaped[index] is { } unescaped ? unescaped.AsSpan() : _line.AsSpan(_starts[index], _lengths[index]);

    public bool TrySplit(string line)
    {
        _line = line;
        Count = 0;
        var position = 0;
        while (true)
        {
            EnsureCapacity(Count + 1);
            var quote = position;
            while (quote < line.Length && line[quote] != _delimiter && char.IsWhiteSpace(line[quote]))
            {
                quote++;
            }

            if (quote < line.Length && line[quote] == '"')
            {
                position = quote;
                var column = Count;
                if (!TryReadQuoted(line, ref position))
                {
                    FailedColumn = column;
                    return false;
                }

                if (position == line.Length)
                {
                    return true;
                }

                position++;
                continue;
            }

            var next = line.IndexOf(_delimiter, position);
            var end = next < 0 ? line.Length : next;
            var field = line.AsSpan(position, end - position);
            var trimmedStart = field.Length - field.TrimStart().Length;
            _starts[Count] = position + trimmedStart;
            _lengths[Count] = field.Trim().Length;
            _unescaped[Count] = null;
            Count++;
            if (next < 0)
            {
                return true;
            }

            position = next + 1;
        }
    }

    /// <summary>Index of the field equal to <paramref name="name"/> (case-insensitive), or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Count; i++)
        {
            if (this[i].Equals(name.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    public string[] ToArray()
    {
        var fields = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            fields[i] = this[i].ToString();
        }

        return fields;
    }

    private bool TryReadQuoted(string line, ref int position)
    {
        var start = position + 1;
        var searchFrom = start;
        var hasEscapedQuotes = false;
        while (true)
        {
            var quote = line.IndexOf('"', searchFrom);
            if (quote < 0)
            {
                return false;
            }

            if (quote + 1 < line.Length && line[quote + 1] == '"')
            {
                hasEscapedQuotes = true;
                searchFrom = quote + 2;
                continue;
            }

            _starts[Count] = start;
            _lengths[Count] = quote - start;
            _unescaped[Count] = hasEscapedQuotes ? line.Substring(start, quote - start).Replace("\"\"", "\"", StringComparison.Ordinal) : null;
            Count++;
            position = quote + 1;
            while (position < line.Length && line[position] != _delimiter && char.IsWhiteSpace(line[position]))
            {
                position++;
            }

            return position == line.Length || line[position] == _delimiter;
        }
    }

    private void EnsureCapacity(int count)
    {
        if (count <= _starts.Length)
        {
            return;
        }

        var size = _starts.Length * 2;
        Array.Resize(ref _starts, size);
        Array.Resize(ref _lengths, size);
        Array.Resize(ref _unescaped, size);
    }
}
