namespace ActorRec.Models.Data;

/// <summary>
/// The preprocessor's working form of a log: sessions contiguous over parallel event arrays, ordered by start
/// time, events in time order, items as indices into a raw-id table shared by training and test logs.
/// </summary>
internal sealed class SessionTable
{
    public SessionTable(int[] items, byte[] types, double[] times, int[] offsets, string[] sessionIds)
    {
        Items = items;
        Types = types;
        Times = times;
        Offsets = offsets;
        SessionIds = sessionIds;
    }

    public int[] Items { get; }

    public byte[] Types { get; }

    public double[] Times { get; }

    public int[] Offsets { get; }

    public string[] SessionIds { get; }

    public int SessionCount => SessionIds.Length;

    public int EventCount => Items.Length;

    public int Length(int session) => Offsets[session + 1] - Offsets[session];

    public double Start(int session) => Times[Offsets[session]];

    /// <summary>The last event's time, which is the session's latest since events are in time order.</summary>
    public double End(int session) => Times[Offsets[session + 1] - 1];

    /// <summary>Groups a log's events by session and orders them.</summary>
    /// <param name="log">The log; records of a session need not be contiguous.</param>
    /// <param name="rawItems">Raw item ids seen so far, extended with this log's.</param>
    /// <param name="eventTypes">Event type names seen so far, extended with this log's; at most 256.</param>
    /// <remarks>
    /// Events of a session are ordered by timestamp, ties in log order; sessions by their first event's time,
    /// ties by first appearance in the log. Both sorts are stable, so order-only logs keep file order.
    /// </remarks>
    public static SessionTable FromLog(ClickLog log, ItemVocabulary rawItems, ItemVocabulary eventTypes)
    {
        var records = log.Records;
        var count = records.Count;
        var sessionOf = new int[count];
        var itemOf = new int[count];
        var typeOf = new byte[count];
        var sessionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var sessionIds = new List<string>();
        var lengths = new List<int>();
        string? lastSessionId = null;
        var session = -1;
        for (var i = 0; i < count; i++)
        {
            var record = records[i];
            if (!string.Equals(record.SessionId, lastSessionId, StringComparison.Ordinal))
            {
                if (!sessionIndex.TryGetValue(record.SessionId, out session))
                {
                    session = sessionIds.Count;
                    sessionIndex.Add(record.SessionId, session);
                    sessionIds.Add(record.SessionId);
                    lengths.Add(0);
                }

                lastSessionId = record.SessionId;
            }

            sessionOf[i] = session;
            lengths[session]++;
            itemOf[i] = rawItems.GetOrAdd(record.ItemId);
            var type = eventTypes.GetOrAdd(record.EventType);
            if (type > byte.MaxValue)
            {
                throw new InvalidDataException($"{log.Source}: more than {byte.MaxValue + 1} distinct event types.");
            }

            typeOf[i] = (byte)type;
        }

        var offsets = new int[sessionIds.Count + 1];
        for (var s = 0; s < sessionIds.Count; s++)
        {
            offsets[s + 1] = offsets[s] + lengths[s];
        }

        // A counting sort by session: stable, so events keep log order within their session.
        var cursor = offsets[..^1];
        var items = new int[count];
        var types = new byte[count];
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var at = cursor[sessionOf[i]]++;
            items[at] = itemOf[i];
            types[at] = typeOf[i];
            times[at] = records[i].Timestamp;
        }

        var table = new SessionTable(items, types, times, offsets, [.. sessionIds]);
        table.SortEventsByTime();
        return table.SortSessionsByStart();
    }

    public DataCounts Counts(int rawItemCount)
    {
        var seen = new bool[rawItemCount];
        var distinct = 0;
        foreach (var item in Items)
        {
            if (!seen[item])
            {
                seen[item] = true;
                distinct++;
            }
        }

        return new DataCounts(EventCount, SessionCount, distinct);
    }

    /// <summary>The sessions for which <paramref name="keep"/> holds, in order; this table when all do.</summary>
    public SessionTable KeepSessions(Func<int, bool> keep)
    {
        var kept = new List<int>(SessionCount);
        var events = 0;
        for (var s = 0; s < SessionCount; s++)
        {
            if (keep(s))
            {
                kept.Add(s);
                events += Length(s);
            }
        }

        if (kept.Count == SessionCount)
        {
            return this;
        }

        var items = new int[events];
        var types = new byte[events];
        var times = new double[events];
        var offsets = new int[kept.Count + 1];
        var sessionIds = new string[kept.Count];
        for (var k = 0; k < kept.Count; k++)
        {
            var s = kept[k];
            var from = Offsets[s];
            var length = Length(s);
            Array.Copy(Items, from, items, offsets[k], length);
            Array.Copy(Types, from, types, offsets[k], length);
            Array.Copy(Times, from, times, offsets[k], length);
            offsets[k + 1] = offsets[k] + length;
            sessionIds[k] = SessionIds[s];
        }

        return new SessionTable(items, types, times, offsets, sessionIds);
    }

    /// <summary>The events whose item <paramref name="keepItem"/> allows; sessions left empty go too. This table when nothing goes.</summary>
    public SessionTable KeepItems(bool[] keepItem)
    {
        var events = 0;
        foreach (var item in Items)
        {
            if (keepItem[item])
            {
                events++;
            }
        }

        if (events == EventCount)
        {
            return this;
        }

        var items = new int[events];
        var types = new byte[events];
        var times = new double[events];
        var offsets = new List<int>(SessionCount + 1) { 0 };
        var sessionIds = new List<string>(SessionCount);
        var at = 0;
        for (var s = 0; s < SessionCount; s++)
        {
            var start = at;
            for (var e = Offsets[s]; e < Offsets[s + 1]; e++)
            {
                if (keepItem[Items[e]])
                {
                    items[at] = Items[e];
                    types[at] = Types[e];
                    times[at] = Times[e];
                    at++;
                }
            }

            if (at > start)
            {
                offsets.Add(at);
                sessionIds.Add(SessionIds[s]);
            }
        }

        return new SessionTable(items, types, times, [.. offsets], [.. sessionIds]);
    }

    private void SortEventsByTime()
    {
        int[]? order = null;
        var scratchItems = Array.Empty<int>();
        var scratchTypes = Array.Empty<byte>();
        var scratchTimes = Array.Empty<double>();
        for (var s = 0; s < SessionCount; s++)
        {
            var from = Offsets[s];
            var length = Length(s);
            if (IsSorted(Times.AsSpan(from, length)))
            {
                continue;
            }

            if (order is null || order.Length < length)
            {
                order = new int[Math.Max(length, 64)];
                scratchItems = new int[order.Length];
                scratchTypes = new byte[order.Length];
                scratchTimes = new double[order.Length];
            }

            var slice = order.AsSpan(0, length);
            for (var i = 0; i < length; i++)
            {
                slice[i] = from + i;
            }

            // Position breaks ties, which makes the unstable introsort stable.
            var times = Times;
            slice.Sort((a, b) => times[a] != times[b] ? times[a].CompareTo(times[b]) : a.CompareTo(b));
            for (var i = 0; i < length; i++)
            {
                scratchItems[i] = Items[slice[i]];
                scratchTypes[i] = Types[slice[i]];
                scratchTimes[i] = Times[slice[i]];
            }

            Array.Copy(scratchItems, 0, Items, from, length);
            Array.Copy(scratchTypes, 0, Types, from, length);
            Array.Copy(scratchTimes, 0, Times, from, length);
        }
    }

    private SessionTable SortSessionsByStart()
    {
        var sorted = true;
        for (var s = 1; s < SessionCount && sorted; s++)
        {
            sorted = Start(s - 1) <= Start(s);
        }

        if (sorted)
        {
            return this;
        }

        var order = new int[SessionCount];
        for (var s = 0; s < order.Length; s++)
        {
            order[s] = s;
        }

        var starts = new double[SessionCount];
        for (var s = 0; s < starts.Length; s++)
        {
            starts[s] = Start(s);
        }

        order.AsSpan().Sort((a, b) => starts[a] != starts[b] ? starts[a].CompareTo(starts[b]) : a.CompareTo(b));
        var items = new int[EventCount];
        var types = new byte[EventCount];
        var times = new double[EventCount];
        var offsets = new int[SessionCount + 1];
        var sessionIds = new string[SessionCount];
        for (var k = 0; k < order.Length; k++)
        {
            var s = order[k];
            var length = Length(s);
            Array.Copy(Items, Offsets[s], items, offsets[k], length);
            Array.Copy(Types, Offsets[s], types, offsets[k], length);
            Array.Copy(Times, Offsets[s], times, offsets[k], length);
            offsets[k + 1] = offsets[k] + length;
            sessionIds[k] = SessionIds[s];
        }

        return new SessionTable(items, types, times, offsets, sessionIds);
    }

    private static bool IsSorted(ReadOnlySpan<double> values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i - 1] > values[i])
            {
                return false;
            }
        }

        return true;
    }
}
