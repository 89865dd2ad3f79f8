using ActorRec.Models.Data;
using Xunit;

namespace ActorRec.Models.Tests.Data;

public sealed class SyntheticClickLogTests
{
    [Fact]
    public void Generate_SameOptions_SameLog()
    {
        var options = new SyntheticClickLogOptions { Items = 500, Sessions = 2_000, PurchaseProbability = 0.05, Seed = 7 };

        var first = SyntheticClickLog.Generate(options);
        var second = SyntheticClickLog.Generate(options);
        var otherSeed = SyntheticClickLog.Generate(new SyntheticClickLogOptions { Items = 500, Sessions = 2_000, PurchaseProbability = 0.05, Seed = 8 });

        Assert.Equal(first.Records, second.Records);
        Assert.NotEqual(first.Records, otherSeed.Records);
    }

    [Fact]
    public void Generate_Defaults_HasZipfLikePopularityAndRequestedShape()
    {
        var options = new SyntheticClickLogOptions { Items = 2_000, Sessions = 20_000, ZipfExponent = 1.0, MeanSessionLength = 5, PurchaseProbability = 0.1 };

        var log = SyntheticClickLog.Generate(options);

        var clicks = log.Records.Where(r => r.EventType == EventTypes.Click).ToList();
        var counts = clicks.GroupBy(r => r.ItemId).Select(g => (double)g.Count()).OrderDescending().ToArray();
        var slope = LogLogSlope(counts, firstRank: 5, lastRank: 200);
        Assert.InRange(slope, -1.5, -0.6);
        Assert.InRange(clicks.Count / (double)options.Sessions, 4.5, 5.5);
        Assert.InRange(log.Records.Count(r => r.EventType == EventTypes.Purchase) / (double)clicks.Count, 0.08, 0.12);
        Assert.Equal(options.Sessions, log.Records.Select(r => r.SessionId).Distinct().Count());
    }

    [Fact]
    public void Generate_Transitions_AreConcentratedOnFewSuccessors()
    {
        var options = new SyntheticClickLogOptions { Items = 1_000, Sessions = 20_000, OutDegree = 4, RestartProbability = 0.1 };

        var log = SyntheticClickLog.Generate(options);

        var followers = new Dictionary<string, HashSet<string>>();
        var pairs = 0;
        for (var i = 1; i < log.Records.Count; i++)
        {
            if (log.Records[i].SessionId == log.Records[i - 1].SessionId)
            {
                pairs++;
                var from = log.Records[i - 1].ItemId;
                if (!followers.TryGetValue(from, out var set))
                {
                    followers[from] = set = [];
                }

                set.Add(log.Records[i].ItemId);
            }
        }

        var top = followers.OrderByDescending(pair => pair.Value.Count).First();
        Assert.True(pairs > 10_000, $"only {pairs} transitions");
        Assert.True(followers.Values.Average(set => set.Count) < 20, "successors should mostly come from a small out-degree");
        Assert.NotEmpty(top.Value);
    }

    [Fact]
    public void GenerateSplit_TestHoldsTheLastDaysSessions()
    {
        var options = new SyntheticClickLogOptions { Items = 300, Sessions = 3_000, Days = 10 };

        var logs = SyntheticClickLog.GenerateSplit(options, testDays: 1);

        Assert.NotNull(logs.Test);
        Assert.Equal(options.Sessions, logs.Train.Records.Select(r => r.SessionId).Concat(logs.Test.Records.Select(r => r.SessionId)).Distinct().Count());
        var threshold = logs.Test.Records.Max(r => r.Timestamp) - 86_400;
        Assert.All(logs.Train.Records.GroupBy(r => r.SessionId), session => Assert.True(session.Max(r => r.Timestamp) < threshold));
        Assert.InRange(logs.Test.Records.Select(r => r.SessionId).Distinct().Count(), 200, 400);
    }

    /// <summary>Least-squares slope of log(count) against log(rank) over the given 1-based ranks.</summary>
    private static double LogLogSlope(double[] counts, int firstRank, int lastRank)
    {
        var xs = Enumerable.Range(firstRank, lastRank - firstRank + 1).Select(rank => Math.Log(rank)).ToArray();
        var ys = Enumerable.Range(firstRank, lastRank - firstRank + 1).Select(rank => Math.Log(counts[rank - 1])).ToArray();
        var meanX = xs.Average();
        var meanY = ys.Average();
        var covariance = xs.Zip(ys, (x, y) => (x - meanX) * (y - meanY)).Sum();
        var variance = xs.Sum(x => (x - meanX) * (x - meanX));
        return covariance / variance;
    }
}
