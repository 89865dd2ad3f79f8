using ActorRec.Models.Data;

namespace ActorRec.Cli.LoadTest;

/// <summary>
/// The sessions a load test replays, flattened: the events of session s are at [Offsets[s], Offsets[s + 1]), in time
/// order, with external item ids and wire event types, so that sending a click copies references and allocates nothing.
/// </summary>
internal sealed class ReplayCorpus
{
    private ReplayCorpus(string[] items, string[] eventTypes, int[] offsets)
    {
        Items = items;
        EventTypes = eventTypes;
        Offsets = offsets;
    }

    public string[] Items { get; }

    public string[] EventTypes { get; }

    public int[] Offsets { get; }

    public int SessionCount => Offsets.Length - 1;

    public int EventCount => Items.Length;

    /// <summary>Groups a log's events by session, like the preprocessor does: events by time, sessions by start, ties in log order.</summary>
    public static ReplayCorpus FromLog(ClickLog log)
    {
        var records = log.Records;
        var bySession = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<List<int>>();
        for (var i = 0; i < records.Count; i++)
        {
            if (!bySession.TryGetValue(records[i].SessionId, out var events))
            {
                events = [];
                bySession.Add(records[i].SessionId, events);
                order.Add(events);
            }

            events.Add(i);
        }

        if (order.Count == 0)
        {
            throw new ArgumentException($"--data: the log '{log.Source}' has no sessions to replay.");
        }

        // OrderBy is stable, so equal timestamps keep log order.
        var sessions = order
            .Select(events => events.OrderBy(i => records[i].Timestamp).ToArray())
            .OrderBy(events => records[events[0]].Timestamp)
            .ToList();
        var items = new string[records.Count];
        var types = new string[records.Count];
        var offsets = new int[sessions.Count + 1];
        var next = 0;
        for (var s = 0; s < sessions.Count; s++)
        {
            offsets[s] = next;
            foreach (var i in sessions[s])
            {
                items[next] = records[i].ItemId;
                types[next] = WireEventType(records[i].EventType);
                next++;
            }
        }

        offsets[^1] = next;
        return new ReplayCorpus(items, types, offsets);
    }

    /// <summary>
    /// The server accepts click, view, cart and purchase; other kinds a data set may have (JData's follow and comment)
    /// are sent as clicks rather than dropped, so that replayed sessions keep their length.
    /// </summary>
    public static string WireEventType(string eventType) => eventType switch
    {
        Models.Data.EventTypes.Click => Models.Data.EventTypes.Click,
        "view" => "view",
        Models.Data.EventTypes.Cart => Models.Data.EventTypes.Cart,
        Models.Data.EventTypes.Purchase => Models.Data.EventTypes.Purchase,
        _ => Models.Data.EventTypes.Click,
    };
}
