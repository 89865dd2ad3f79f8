namespace ActorRec.Models.Data;

/// <summary>
/// Sessions as dense item indices, the form training and evaluation consume: sessions are contiguous,
/// ordered by start time, events within a session in time order.
/// </summary>
public sealed class SessionDataset
{
    public SessionDataset(
        ItemVocabulary vocabulary,
        int[] items,
        int[] sessionOffsets,
        string[] sessionIds,
        byte[] eventTypes,
        IReadOnlyList<string> eventTypeNames,
        double[]? timestamps = null)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(sessionOffsets.Length, sessionIds.Length + 1, nameof(sessionOffsets));
        ArgumentOutOfRangeException.ThrowIfNotEqual(eventTypes.Length, items.Length, nameof(eventTypes));
        if (sessionOffsets[0] != 0 || sessionOffsets[^1] != items.Length)
        {
            throw new ArgumentException("Session offsets must start at 0 and end at the event count.", nameof(sessionOffsets));
        }

        Vocabulary = vocabulary;
        Items = items;
        SessionOffsets = sessionOffsets;
        SessionIds = sessionIds;
        EventTypes = eventTypes;
        EventTypeNames = eventTypeNames;
        Timestamps = timestamps;
    }

    public ItemVocabulary Vocabulary { get; }

    /// <summary>Dense item index of every event.</summary>
    public int[] Items { get; }

    /// <summary>Session s spans events [SessionOffsets[s], SessionOffsets[s + 1]).</summary>
    public int[] SessionOffsets { get; }

    public string[] SessionIds { get; }

    /// <summary>Index into <see cref="EventTypeNames"/> of every event.</summary>
    public byte[] EventTypes { get; }

    public IReadOnlyList<string> EventTypeNames { get; }

    /// <summary>Event timestamps in seconds, or null for order-only data.</summary>
    public double[]? Timestamps { get; }

    public int SessionCount => SessionIds.Length;

    public int EventCount => Items.Length;

    public int ItemCount => Vocabulary.Count;

    /// <summary>Number of next-item targets: every event after the first of its session.</summary>
    public int TargetCount => EventCount - SessionCount;

    public ReadOnlySpan<int> SessionItems(int session) =>
        Items.AsSpan(SessionOffsets[session], SessionOffsets[session + 1] - SessionOffsets[session]);

    public int SessionLength(int session) => SessionOffsets[session + 1] - SessionOffsets[session];

    /// <summary>Event count per item, indexed by dense item index.</summary>
    public long[] ItemSupport()
    {
        var support = new long[ItemCount];
        foreach (var item in Items)
        {
            support[item]++;
        }

        return support;
    }
}
