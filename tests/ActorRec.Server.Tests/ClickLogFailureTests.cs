using ActorRec.Grains.ClickLog;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorRec.Server.Tests;

/// <summary>
/// A click whose append to the click log fails is not applied: the client gets an error, and its retry is applied and
/// logged instead of being answered as a duplicate of a click the log never got.
/// </summary>
/// <remarks>A server of its own with a failing log; it joins the server collection to reuse the fixture's model.</remarks>
[Collection(ServerCollection.Name)]
public sealed class ClickLogFailureTests(ServerFixture fixture)
{
    private const int K = 10;

    [Fact]
    public async Task A_click_whose_append_failed_is_not_applied_and_its_retry_is_applied_and_logged_once()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var sessionId = Clicks.NewSessionId("append-fails");
        var log = new FailingClickLog([(sessionId, 2)]);
        await using var server = new ServerUnderTest(fixture.StoreDirectory, services: services => services.AddSingleton<IClickLog>(log));
        await server.WaitUntilServingAsync(ct);
        var items = Clicks.KnownItems(fixture, 3);
        var reference = await Clicks.ReferenceAsync(server.Recommender, "append-fails-reference", items, K, ct);

        await server.Recommender.ClickAsync(Clicks.Click(sessionId, 1, items[0], K), cancellationToken: ct);
        var failure = await Assert.ThrowsAsync<RpcException>(async () => await server.Recommender.ClickAsync(Clicks.Click(sessionId, 2, items[1], K), cancellationToken: ct));
        Assert.NotEqual(StatusCode.OK, failure.StatusCode);

        var retry = await server.Recommender.ClickAsync(Clicks.Click(sessionId, 2, items[1], K), cancellationToken: ct);
        Assert.False(retry.Duplicate, "the retry of the click whose append failed was answered as a duplicate: the failed click had been applied");
        var third = await server.Recommender.ClickAsync(Clicks.Click(sessionId, 3, items[2], K), cancellationToken: ct);

        // The session went on as if the failed attempt had never happened.
        RecommendationAssert.SameRanking(reference[1], retry, "the retried seq 2");
        RecommendationAssert.SameRanking(reference[2], third, "seq 3 after the retry");
        var logged = log.Clicks.Where(c => c.SessionId == sessionId).ToList();
        Assert.Equal([1L, 2L, 3L], logged.Select(c => c.Seq));
        Assert.Equal(items, logged.Select(c => c.ItemId));
    }
}
