namespace ActorRec.Models.Data;

/// <summary>A source row that could not be read; reported, never fatal.</summary>
/// <param name="LineNumber">1-based line number in the source file.</param>
/// <param name="Reason">What was wrong, naming the column.</param>
/// <param name="Text">The row as read (truncated for display).</param>
public sealed record MalformedRow(long LineNumber, string Reason, string Text);
