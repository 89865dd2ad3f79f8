using ActorRec.Models.Data;

namespace ActorRec.Models.Tests.Evaluation;

/// <summary>Builds small <see cref="SessionDataset"/>s from literal sessions.</summary>
internal static class TestSessions
{
    public static SessionDataset Create(int itemCount, params int[][] sessions) =>
        Create(itemCount, ["click"], sessions, types: null);

    /// <summary>Sessions with event types given per event, session by session (null for all type 0).</summary>
    public static SessionDataset Create(int itemCount, IReadOnlyList<string> typeNames, int[][] sessions, byte[][]? types)
    {
        var vocabulary = new ItemVocabulary(Enumerable.Range(0, itemCount).Select(i => $"item{i}"));
        var items = sessions.SelectMany(session => session).ToArray();
        var eventTypes = types is null ? new byte[items.Length] : types.SelectMany(session => session).ToArray();
        var offsets = new int[sessions.Length + 1];
        for (var s = 0; s < sessions.Length; s++)
        {
            offsets[s + 1] = offsets[s] + sessions[s].Length;
        }

        var ids = Enumerable.Range(0, sessions.Length).Select(s => $"s{s}").ToArray();
        return new SessionDataset(vocabulary, items, offsets, ids, eventTypes, typeNames);
    }

    /// <summary>Sessions of random length (1 to <paramref name="maxLength"/>) over random items and event types.</summary>
    public static SessionDataset Random(int seed, int sessionCount, int itemCount, int maxLength, IReadOnlyList<string> typeNames)
    {
        var random = new Random(seed);
        var sessions = new int[sessionCount][];
        var types = new byte[sessionCount][];
        for (var s = 0; s < sessionCount; s++)
        {
            var length = random.Next(1, maxLength + 1);
            sessions[s] = Enumerable.Range(0, length).Select(_ => random.Next(itemCount)).ToArray();
            types[s] = Enumerable.Range(0, length).Select(_ => (byte)random.Next(typeNames.Count)).ToArray();
        }

        return Create(itemCount, typeNames, sessions, types);
    }
}
