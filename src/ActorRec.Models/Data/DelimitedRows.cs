using nietras.SeparatedValues;

namespace ActorRec.Models.Data;

/// <summary>
/// Streams the rows of a delimited text through Sep, skipping blank lines. Quoting follows RFC 4180 (a doubled quote
/// is a literal quote; spaces around fields and quotes are trimmed), but a row that would span lines is reported as a
/// bad quote on its first line and the lines after it are read again as rows of their own: click logs never need a
/// field with a line break, and one stray quote must not swallow the rest of a file.
/// </summary>
internal static class DelimitedRows
{
    /// <summary>Hands every non-blank row to <paramref name="onRow"/> and the first line of every row with a runaway quote to <paramref name="onBrokenQuote"/>.</summary>
    public static void Read(TextReader reader, char delimiter, DelimitedRowHandler onRow, Action<long, string> onBrokenQuote)
    {
        var options = Options(delimiter);
        // A stack, not recursion: each runaway quote opens a reader over the text it swallowed, and a file of
        // stray quotes could nest as deep as it has lines.
        var readers = new Stack<Source>();
        readers.Push(new Source(options.From(reader), 0));
        try
        {
            while (readers.TryPeek(out var source))
            {
                if (!source.Reader.MoveNext())
                {
                    readers.Pop().Reader.Dispose();
                    continue;
                }

                var row = source.Reader.Current;
                var line = source.LineOffset + source.NextLine;
                var lines = row.LineNumberToExcl - source.NextLine;

                // Sep's LineNumberFrom of a file's first row is not its first line, so rows are counted from the one before.
                source.NextLine = row.LineNumberToExcl;
                if (lines > 1)
                {
                    var text = row.Span;
                    var end = text.IndexOfAny('\r', '\n');
                    var next = end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);
                    onBrokenQuote(line, text[..end].ToString());
                    readers.Push(new Source(options.FromText(text[next..].ToString()), line));
                    continue;
                }

                if (!row.Span.IsWhiteSpace())
                {
                    onRow(new DelimitedRow(row, line));
                }
            }
        }
        finally
        {
            while (readers.TryPop(out var source))
            {
                source.Reader.Dispose();
            }
        }
    }

    /// <summary>Splits one line (a header, say) into its fields.</summary>
    public static string[] SplitLine(string line, char delimiter)
    {
        using var reader = Options(delimiter).FromText(line);
        return reader.MoveNext() ? reader.Current[..].ToStringsArray() : [];
    }

    private static SepReaderOptions Options(char delimiter) => new(new Sep(delimiter))
    {
        HasHeader = false,
        DisableColCountCheck = true,
        Unescape = true,
        Trim = SepTrim.All,
    };

    /// <summary>A reader and where its text starts in the file: <see cref="NextLine"/> is 1-based within the text.</summary>
    private sealed class Source(SepReader reader, long lineOffset)
    {
        public SepReader Reader { get; } = reader;

        public long LineOffset { get; } = lineOffset;

        public int NextLine { get; set; } = 1;
    }
}
