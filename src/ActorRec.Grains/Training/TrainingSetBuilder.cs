using ActorRec.Grains.ClickLog;
using ActorRec.Models.Data;

namespace ActorRec.Grains.Training;

/// <summary>
/// Turns a window of logged clicks (and optionally older base sessions) into the training and held-out sessions of a
/// retraining run, in the vocabulary of a candidate that extends the active model's.
/// </summary>
/// <remarks>
/// Clicks are grouped into sessions by session id and ordered by seq (the log may interleave sessions and, across
/// silos, deliver one session's clicks out of order); a repeated (session, seq) counts once. Sessions are ordered by
/// where their first click is in the log, and the ones whose last click is newest are held out, as a time split would.
/// New items are counted on the training sessions only, so the held-out sessions never decide which items get a row.
/// </remarks>
internal static class TrainingSetBuilder
{
    public static TrainingSet Build(
        IReadOnlyList<LoggedClick> clicks,
        ItemVocabulary activeVocabulary,
        SessionDataset? baseSessions,
        TrainingOptions options)
    {
        var sessions = GroupSessions(clicks);
        var holdoutCount = (int)Math.Ceiling(sessions.Count * options.HoldoutFraction);
        var newest = sessions.OrderByDescending(s => s.LastIndex).Take(holdoutCount).ToHashSet();
        var training = sessions.Where(s => !newest.Contains(s)).ToList();
        var holdout = sessions.Where(newest.Contains).ToList();

        var vocabulary = new ItemVocabulary(activeVocabulary.Ids);
        var support = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstSeen = new List<string>();
        foreach (var session in training)
        {
            foreach (var click in session.Clicks)
            {
                if (vocabulary.TryGetIndex(click.ItemId, out _))
                {
                    continue;
                }

                if (!support.TryGetValue(click.ItemId, out var count))
                {
                    firstSeen.Add(click.ItemId);
                }

                support[click.ItemId] = count + 1;
            }
        }

        var newItems = 0;
        foreach (var item in firstSeen.Where(item => support[item] >= options.MinItemSupport))
        {
            vocabulary.GetOrAdd(item);
            newItems++;
        }

        var train = new DatasetWriter(vocabulary);
        var baseCount = 0;
        if (baseSessions is not null)
        {
            var first = Math.Max(0, baseSessions.SessionCount - options.BaseDataMaxSessions);
            for (var s = first; s < baseSessions.SessionCount; s++)
            {
                baseCount += train.AddBase(baseSessions, s) ? 1 : 0;
            }
        }

        foreach (var session in training)
        {
            train.Add(session);
        }

        var test = new DatasetWriter(vocabulary);
        foreach (var session in holdout)
        {
            test.Add(session);
        }

        return new TrainingSet(vocabulary, train.Build(), test.Build(), newItems, baseCount);
    }

    private static List<LoggedSession> GroupSessions(IReadOnlyList<LoggedClick> clicks)
    {
        var byId = new Dictionary<string, LoggedSession>(StringComparer.Ordinal);
        for (var i = 0; i < clicks.Count; i++)
        {
            var click = clicks[i];
            if (!byId.TryGetValue(click.SessionId, out var session))
            {
                session = new LoggedSession(click.SessionId, i);
                byId.Add(click.SessionId, session);
            }

            session.Add(click, i);
        }

        var sessions = byId.Values.OrderBy(s => s.FirstIndex).ToList();
        foreach (var session in sessions)
        {
            session.Order();
        }

        return sessions;
    }

    /// <summary>One session's logged clicks and where in the window its first and last click were.</summary>
    private sealed class LoggedSession(string id, int firstIndex)
    {
        private readonly List<LoggedClick> _clicks = [];

        public string Id { get; } = id;

        public int FirstIndex { get; } = firstIndex;

        public int LastIndex { get; private set; } = firstIndex;

        public IReadOnlyList<LoggedClick> Clicks => _clicks;

        public void Add(LoggedClick click, int index)
        {
            _clicks.Add(click);
            LastIndex = index;
        }

        /// <summary>Sorts by seq and drops repeats of a seq, keeping the first logged.</summary>
        public void Order()
        {
            var ordered = _clicks.Select((click, i) => (click, i)).OrderBy(p => p.click.Seq).ThenBy(p => p.i).Select(p => p.click).ToList();
            _clicks.Clear();
            foreach (var click in ordered)
            {
                if (_clicks.Count == 0 || _clicks[^1].Seq != click.Seq)
                {
                    _clicks.Add(click);
                }
            }
        }
    }

    /// <summary>Accumulates sessions in one vocabulary, dropping unknown items and sessions left without a target.</summary>
    private sealed class DatasetWriter(ItemVocabulary vocabulary)
    {
        private readonly List<int> _items = [];
        private readonly List<byte> _types = [];
        private readonly List<double> _timestamps = [];
        private readonly List<int> _offsets = [0];
        private readonly List<string> _ids = [];
        private readonly ItemVocabulary _eventTypes = new([EventTypes.Click]);

        public void Add(LoggedSession session)
        {
            var start = _items.Count;
            foreach (var click in session.Clicks)
            {
                if (vocabulary.TryGetIndex(click.ItemId, out var item))
                {
                    _items.Add(item);
                    _types.Add(EventType(click.EventType));
                    _timestamps.Add(click.TimestampUnixMs / 1000.0);
                }
            }

            Close(session.Id, start);
        }

        /// <summary>Adds session <paramref name="s"/> of <paramref name="data"/>, mapping its items by id; false when nothing of it is left.</summary>
        public bool AddBase(SessionDataset data, int s)
        {
            var start = _items.Count;
            for (var e = data.SessionOffsets[s]; e < data.SessionOffsets[s + 1]; e++)
            {
                if (vocabulary.TryGetIndex(data.Vocabulary[data.Items[e]], out var item))
                {
                    _items.Add(item);
                    _types.Add(EventType(data.EventTypeNames[data.EventTypes[e]]));
                    _timestamps.Add(data.Timestamps?[e] ?? 0);
                }
            }

            return Close(data.SessionIds[s], start);
        }

        public SessionDataset Build() =>
            new(vocabulary, [.. _items], [.. _offsets], [.. _ids], [.. _types], [.. _eventTypes.Ids], [.. _timestamps]);

        private bool Close(string id, int start)
        {
            if (_items.Count - start < 2)
            {
                _items.RemoveRange(start, _items.Count - start);
                _types.RemoveRange(start, _types.Count - start);
                _timestamps.RemoveRange(start, _timestamps.Count - start);
                return false;
            }

            _offsets.Add(_items.Count);
            _ids.Add(id);
            return true;
        }

        private byte EventType(string name)
        {
            var index = _eventTypes.GetOrAdd(name);
            return index <= byte.MaxValue
                ? (byte)index
                : throw new InvalidDataException($"More than {byte.MaxValue + 1} event types in the click log.");
        }
    }
}
