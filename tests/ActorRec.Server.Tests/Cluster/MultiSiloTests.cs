using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using ActorRec.Testing.Ranking;
using Xunit;

namespace ActorRec.Server.Tests.Cluster;

/// <summary>Two servers sharing one Redis form one cluster: one grain per session, one active model, whichever silo is asked.</summary>
/// <remarks>
/// Joins the server collection only to reuse the models its fixture trained; the two servers under test are this
/// test's own, with their own silo ports, clustered through their own Redis.
/// </remarks>
[Collection(ServerCollection.Name)]
public sealed class MultiSiloTests(ServerFixture fixture)
{
    private const int K = 20;
    private const int ClickCount = 12;

    /// <summary>Both sides step one session at a time: batches of one, the same kernels, so scores agree closely.</summary>
    private static readonly ScoreTolerance BatchOfOne = new(1e-5f);

    [Fact]
    public async Task Two_silos_sharing_a_Redis_serve_each_session_from_one_grain_and_follow_one_active_model()
    {
        fixture.RequireServer();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var silos = await TwoSilos.StartAsync(fixture, cancellationToken);
        var (a, b) = (silos.A, silos.B);
        try
        {
            // (a) Sequential clicks, so that every step is a batch of one on both sides of the comparison. Had each
            // silo its own grain for the session, the second would miss the first's clicks and answer differently.
            var items = Clicks.KnownItems(fixture, ClickCount);
            var reference = await Clicks.ReferenceAsync(a.Recommender, "multi-silo-reference", items, K, cancellationToken);
            var sessionId = Clicks.NewSessionId("multi-silo");
            var before = (A: ClickOrigins.Of(a), B: ClickOrigins.Of(b));
            for (var i = 0; i < items.Length; i++)
            {
                var (silo, client) = i % 2 == 0 ? ("A", a.Recommender) : ("B", b.Recommender);
                var answer = await client.ClickAsync(Clicks.Click(sessionId, i + 1, items[i], K), cancellationToken: cancellationToken);
                Assert.Equal(reference[i].Seq, answer.Seq);
                RecommendationAssert.SameRanking(reference[i], answer, $"seq {i + 1} through silo {silo}", BatchOfOne);
                Assert.False(answer.Duplicate, $"seq {i + 1} through silo {silo}: a new click was answered as a duplicate");
            }

            // The grain lives where its first click arrived (A): B's clicks crossed to it, A's did not.
            Assert.Equal((new ClickOrigins(ClickCount / 2, ClickCount / 2, 0), new ClickOrigins(0, 0, 0)), (ClickOrigins.Of(a) - before.A, ClickOrigins.Of(b) - before.B));

            // (b) An activation through one silo reaches the other through the registry grain.
            await a.Admin.ActivateModelAsync(new ActivateModelRequest { VersionId = fixture.SecondVersionId }, cancellationToken: cancellationToken);
            await b.WaitUntilLoadedAsync("B", fixture.SecondVersionId, cancellationToken);
            await a.WaitUntilLoadedAsync("A", fixture.SecondVersionId, cancellationToken);
        }
        finally
        {
            await a.Admin.ActivateModelAsync(new ActivateModelRequest { VersionId = fixture.VersionId }, cancellationToken: cancellationToken);
        }
    }
}
