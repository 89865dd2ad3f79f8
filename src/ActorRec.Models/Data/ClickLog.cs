namespace ActorRec.Models.Data;

/// <summary>The events read from one source, in source order, with the rows that could not be read.</summary>
public sealed class ClickLog(string source, IReadOnlyList<ClickRecord> records, IReadOnlyList<MalformedRow> malformedRows, bool hasTimestamps)
{
    public string Source { get; } = source;

    public IReadOnlyList<ClickRecord> Records { get; } = records;

    public IReadOnlyList<MalformedRow> MalformedRows { get; } = malformedRows;

    /// <summary>False for order-only sources (one session per line), whose timestamps are positions.</summary>
    public bool HasTimestamps { get; } = hasTimestamps;
}
