using ActorRec.Models.Data;
using Xunit;

namespace ActorRec.Models.Tests.Data;

/// <summary>The two splits of a log without a test log: by time (GRU4Rec's) and a seeded random fraction of sessions.</summary>
public sealed class SessionSplitTests
{
    private static readonly ClickLog Log = SyntheticClickLog.Generate(new SyntheticClickLogOptions { Items = 80, Sessions = 1_000, Seed = 11, Days = 10 });

    [Fact]
    public void A_session_split_draws_the_fraction_asked_for_and_no_session_lands_on_both_sides()
    {
        var (train, test) = Split(Log, seed: 1);

        var steps = new Preprocessor(Options(seed: 1)).Prepare(Log).Statistics.Steps.Where(step => step.Name.StartsWith("session split", StringComparison.Ordinal)).ToList();
        Assert.Equal(200, steps.Single(step => step.Split == "test").After.Sessions);
        Assert.Equal(800, steps.Single(step => step.Split == "train").After.Sessions);
        Assert.Empty(train.Intersect(test));
    }

    [Fact]
    public void A_session_split_is_the_same_for_the_same_seed_and_differs_for_another()
    {
        var first = Split(Log, seed: 1).Test;
        var again = Split(Log, seed: 1).Test;
        var other = Split(Log, seed: 2).Test;

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void A_session_split_does_not_depend_on_the_order_of_the_rows()
    {
        var shuffled = Log.Records.ToArray();
        new Random(5).Shuffle(shuffled);

        var fromShuffled = Split(new ClickLog("shuffled", shuffled, [], hasTimestamps: true), seed: 1).Test;

        Assert.Equal(Split(Log, seed: 1).Test, fromShuffled);
    }

    [Fact]
    public void A_session_split_also_splits_logs_without_timestamps()
    {
        var orderOnly = new ClickLog("order-only", Log.Records, [], hasTimestamps: false);

        var (train, test) = Split(orderOnly, seed: 1);

        Assert.Equal(1_000, train.Count + test.Count);
    }

    [Theory]
    [InlineData(TimeSplitAnchor.SessionEnd)]
    [InlineData(TimeSplitAnchor.SessionStart)]
    public void A_time_split_puts_every_session_on_its_side_of_the_boundary(TimeSplitAnchor anchor)
    {
        const double SecondsPerDay = 86_400;
        var options = new PreprocessOptions { TestDays = 2, SplitAnchor = anchor, MinItemSupport = 1, MinSessionLength = 1, MinTestSessionLength = 1 };

        var prepared = new Preprocessor(options).Prepare(Log);

        var sessions = Log.Records.GroupBy(r => r.SessionId).ToDictionary(g => g.Key, g => (Start: g.Min(r => r.Timestamp), End: g.Max(r => r.Timestamp)));
        var boundary = Log.Records.Max(r => r.Timestamp) - (2 * SecondsPerDay);
        double Anchor(string session) => anchor == TimeSplitAnchor.SessionEnd ? sessions[session].End : sessions[session].Start;
        Assert.NotEmpty(prepared.Test.SessionIds);
        Assert.All(prepared.Test.SessionIds, session => Assert.True(Anchor(session) >= boundary, $"test session {session} is before the boundary"));
        Assert.All(prepared.Train.SessionIds, session => Assert.True(Anchor(session) < boundary, $"training session {session} is after the boundary"));
    }

    /// <summary>The session ids on each side (filters that keep every session and item).</summary>
    private static (HashSet<string> Train, HashSet<string> Test) Split(ClickLog log, int seed)
    {
        var prepared = new Preprocessor(Options(seed)).Prepare(log);
        return ([.. prepared.Train.SessionIds], [.. prepared.Test.SessionIds]);
    }

    private static PreprocessOptions Options(int seed) =>
        new()
        {
            Split = TestSplitMethod.Sessions,
            TestFraction = 0.2,
            SplitSeed = seed,
            MinItemSupport = 1,
            MinSessionLength = 1,
            MinTestSessionLength = 1,
        };
}
