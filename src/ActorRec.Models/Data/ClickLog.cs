namespace ActorRec.Models.Data;

/// <summary>The events read from one source, in source order, with the rows that could not be read.</summary>
public sealed class ClickLog(
    string source,
    IReadOnlyList<ClickRecord> records,
    IReadOnlyList<MalformedRow> malformedRows,
    bool hasTimestamps,
    IReadOnlyDictionary<string, string>? itemCategories = null)
{
    public string Source { get; } = source;

    public IReadOnlyList<ClickRecord> Records { get; } = records;

    public IReadOnlyList<MalformedRow> MalformedRows { get; } = malformedRows;

    /// <summary>False for order-only sources (one session per line), whose timestamps are positions.</summary>
    public bool HasTimestamps { get; } = hasTimestamps;

    /// <summary>Item id to category, when the source has a category column; null otherwise.</summary>
    public IReadOnlyDictionary<string, string>? ItemCategories { get; } = itemCategories;
}
