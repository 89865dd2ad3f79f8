namespace ActorRec.Models.Data;

/// <summary>A source row that could not be read; reported, never fatal.</summary>
/// <param name="LineNumber">1-based line number in the source file.</param>
/// <param name="Reason">What was wrong, naming the column.</param>
/// <param name="Text">The row as read (truncated for display).</param>
public sealed record MalformedRow(long LineNumber, string Reason, string Text)
{
    /// <summary>Longest row text kept; a corrupt file can have megabyte-long "lines".</summary>
    public const int MaxTextLength = 200;

    /// <summary>Creates a report for a row, truncating its text to <see cref="MaxTextLength"/> characters.</summary>
    public static MalformedRow FromLine(long lineNumber, string reason, string text) =>
        new(lineNumber, reason, text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength), "..."));
}
