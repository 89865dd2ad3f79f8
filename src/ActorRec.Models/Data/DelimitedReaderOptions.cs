namespace ActorRec.Models.Data;

/// <summary>
/// Layout of a delimited click log. The defaults read the GRU4Rec / YOOCHOOSE layout: tab-separated,
/// header <c>SessionId ItemId Time</c>, unix seconds, every event a click.
/// </summary>
public sealed class DelimitedReaderOptions
{
    public char Delimiter { get; init; } = '\t';

    /// <summary>Whether the first non-blank line names the columns; required when columns are chosen by name.</summary>
    public bool HasHeader { get; init; } = true;

    public DelimitedColumn SessionColumn { get; init; } = "SessionId";

    public DelimitedColumn ItemColumn { get; init; } = "ItemId";

    /// <summary>The time column; null when the file has none and row order is the time (the log then reports no timestamps).</summary>
    public DelimitedColumn? TimeColumn { get; init; } = "Time";

    public TimestampFormat TimeFormat { get; init; } = TimestampFormat.UnixSeconds;

    /// <summary>The event type column; null when every event is <see cref="DefaultEventType"/>.</summary>
    public DelimitedColumn? EventTypeColumn { get; init; }

    /// <summary>The item category column; null when there is none. An item's first category wins (see <see cref="ClickLog.ItemCategories"/>).</summary>
    public DelimitedColumn? CategoryColumn { get; init; }

    /// <summary>Raw event type codes to canonical names (<see cref="EventTypes"/>); unmapped codes are kept as written.</summary>
    public IReadOnlyDictionary<string, string> EventTypeMap { get; init; } = new Dictionary<string, string>();

    /// <summary>The event type of every row when there is no event type column.</summary>
    public string DefaultEventType { get; init; } = EventTypes.Click;
}
