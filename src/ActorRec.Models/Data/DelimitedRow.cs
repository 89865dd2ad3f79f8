using nietras.SeparatedValues;

namespace ActorRec.Models.Data;

/// <summary>One row of a delimited text: its fields, trimmed of spaces and unquoted, and the 1-based line it starts on.</summary>
internal readonly ref struct DelimitedRow
{
    private readonly SepReader.Row _row;

    public DelimitedRow(SepReader.Row row, long line)
    {
        _row = row;
        Line = line;
    }

    public long Line { get; }

    public int Count => _row.ColCount;

    public ReadOnlySpan<char> this[int index] => _row[index].Span;

    /// <summary>The row as read, for reports; fields already read may show their unquoted form, since Sep unquotes in place.</summary>
    public string Text => _row.Span.ToString();

    /// <summary>Index of the field equal to <paramref name="name"/> (case-insensitive, surrounding spaces ignored), or -1; for header rows, so not tuned.</summary>
    public int IndexOf(string name) => Array.FindIndex(ToArray(), field => field.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

    public string[] ToArray() => _row[..].ToStringsArray();
}
