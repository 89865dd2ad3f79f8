using ActorRec.Models.Data;
using ActorRec.Models.Training;
using Xunit;

namespace ActorRec.Models.Tests.Training;

public sealed class SessionParallelIteratorTests
{
    // Sessions (item = 10 * session + position): lengths 3, 2, 4, 2, 1, 3.
    private static readonly int[][] Sessions = [[0, 1, 2], [10, 11], [20, 21, 22, 23], [30, 31], [40], [50, 51, 52]];

    [Fact]
    public void Every_target_is_produced_exactly_once_in_session_order()
    {
        var data = Build(Sessions);

        var pairs = Snapshot(new SessionParallelIterator(data, 2).Steps())
            .SelectMany(s => s.Inputs.Zip(s.Targets))
            .OrderBy(p => p.First)
            .ToList();

        var expected = Sessions.Where(s => s.Length >= 2)
            .SelectMany(s => s.Zip(s.Skip(1)).Select(p => ((long)p.First, (long)p.Second)))
            .OrderBy(p => p.Item1)
            .ToList();
        Assert.Equal(expected, pairs);
    }

    [Fact]
    public void Rows_reset_exactly_when_they_switch_session_and_the_batch_shrinks_at_the_end()
    {
        var data = Build(Sessions);

        var steps = Snapshot(new SessionParallelIterator(data, 2).Steps());

        // Row 0 walks session 0 (2 targets), row 1 session 1 (1 target). After step 1 row 1 takes session 2;
        // after step 2 row 0 takes session 3; then row 0 takes session 5 (session 4 has no target) and row 1 ends.
        Assert.Equal([0L, 1L], steps[0].Reset);
        Assert.Equal([0L, 10L], steps[0].Inputs);
        Assert.Equal([1L, 20L], steps[1].Inputs);
        Assert.Equal([1L], steps[1].Reset);
        Assert.Equal([30L, 21L], steps[2].Inputs);
        Assert.Equal([0L], steps[2].Reset);
        Assert.Equal([50L, 22L], steps[3].Inputs);
        Assert.Equal([0L], steps[3].Reset);
        Assert.Null(steps[3].Kept);
        Assert.Equal([51L], steps[4].Inputs);
        Assert.Equal([0L], steps[4].Kept!);
        Assert.Empty(steps[4].Reset);
        Assert.Equal(5, steps.Count);
    }

    [Fact]
    public void A_batch_larger_than_the_data_uses_one_row_per_session()
    {
        var data = Build([[1, 2], [3, 4, 5]]);

        var steps = Snapshot(new SessionParallelIterator(data, 8).Steps());

        Assert.Equal(2, steps[0].Inputs.Length);
        Assert.Equal([4L], steps[1].Inputs);
        Assert.Equal([1L], steps[1].Kept!);
    }

    internal static SessionDataset Build(int[][] sessions)
    {
        var vocabulary = new ItemVocabulary(Enumerable.Range(0, 100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var items = sessions.SelectMany(s => s).ToArray();
        var offsets = new int[sessions.Length + 1];
        for (var s = 0; s < sessions.Length; s++)
        {
            offsets[s + 1] = offsets[s] + sessions[s].Length;
        }

        return new SessionDataset(vocabulary, items, offsets, [.. sessions.Select((_, i) => $"s{i}")], new byte[items.Length], [EventTypes.Click]);
    }

    private static List<(long[] Inputs, long[] Targets, long[]? Kept, long[] Reset)> Snapshot(IEnumerable<SessionParallelStep> steps) =>
        [.. steps.Select(s => (s.Inputs[..s.Count], s.Targets[..s.Count], s.KeptRows, s.ResetRows))];
}
