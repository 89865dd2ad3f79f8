using ActorRec.Contracts.V1;
using ActorRec.Testing.Ranking;
using Xunit;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>Compares answers computed in different batches, where only the summation order may differ.</summary>
internal static class RecommendationAssert
{
    /// <summary>
    /// Same model version, and the same items in the same order with scores within <paramref name="tolerance"/>
    /// (<see cref="ScoreTolerance.Recurrent"/> by default), except that items whose scores tie may trade places, also
    /// across the k-th place (<see cref="TopKComparison"/>).
    /// </summary>
    public static void SameRanking(Recommendation expected, Recommendation actual, string where, ScoreTolerance? tolerance = null)
    {
        Assert.True(actual.Error is null, $"{where}: in-band error {actual.Error?.Code} {actual.Error?.Message}");
        Assert.True(expected.ModelVersion == actual.ModelVersion, $"{where}: model version {actual.ModelVersion}, expected {expected.ModelVersion}");
        TopKComparison.AssertSame(Ranked(expected), Ranked(actual), tolerance ?? ScoreTolerance.Recurrent, where);
    }

    /// <summary>The answer's items and scores as a ranked list.</summary>
    public static RankedList<string> Ranked(Recommendation answer) =>
        new([.. answer.Items.Select(i => i.ItemId)], [.. answer.Items.Select(i => i.Score)]);
}
