using ActorRec.Contracts.V1;
using Xunit;

namespace ActorRec.Server.Tests;

/// <summary>Compares answers computed in different batches, where only the summation order may differ.</summary>
internal static class RecommendationAssert
{
    /// <summary>
    /// Score difference, relative to the score (absolute below 1), that batches of different sizes may produce for
    /// the same session: rounding differences grow with every step of the recurrence, to about 1e-5 of a score after
    /// some fifty steps. A wrong hidden state moves scores by tenths.
    /// </summary>
    public const float ScoreTolerance = 1e-4f;

    /// <summary>
    /// Same model version, same items in the same order, scores within <see cref="ScoreTolerance"/> of each other. Two items whose
    /// scores agree within the tolerance may trade places; any other difference fails.
    /// </summary>
    public static void SameRanking(Recommendation expected, Recommendation actual, string where)
    {
        Assert.True(actual.Error is null, $"{where}: in-band error {actual.Error?.Code} {actual.Error?.Message}");
        Assert.True(expected.ModelVersion == actual.ModelVersion, $"{where}: model version {actual.ModelVersion}, expected {expected.ModelVersion}");
        Assert.True(expected.Items.Count == actual.Items.Count, $"{where}: {actual.Items.Count} items, expected {expected.Items.Count}");
        for (var i = 0; i < expected.Items.Count; i++)
        {
            var want = expected.Items[i];
            var got = actual.Items[i];
            Assert.True(Close(want.Score, got.Score), $"{where}: score {i} is {got.Score}, expected {want.Score}");
            if (got.ItemId != want.ItemId)
            {
                var swapped = actual.Items.FirstOrDefault(x => x.ItemId == want.ItemId);
                Assert.True(
                    swapped is not null && Close(want.Score, swapped.Score),
                    $"{where}: item {i} is {got.ItemId}, expected {want.ItemId}");
            }
        }
    }

    private static bool Close(float expected, float actual) => Math.Abs(expected - actual) <= ScoreTolerance * Math.Max(1f, Math.Abs(expected));
}
