using ActorRec.Grains.ClickLog;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorRec.Server.Tests.ClickLogging;

/// <summary>
/// A click that could not be made durable (its append or its state write failed) is not applied, and its retry is
/// applied once. Also the two ways an acknowledged click used to be lost: a later click applied in place of a failed one, and a click
/// kept in memory after its state write failed. In both, the retry was answered as a duplicate and the click was in
/// neither the state nor the click log.
/// </summary>
/// <remarks>Servers of their own with a failing seam; they join the server collection to reuse the fixture's model.</remarks>
[Collection(ServerCollection.Name)]
public sealed class ExactlyOnceTests(ServerFixture fixture)
{
    private const int K = 10;

    [Fact]
    public async Task In_a_stream_the_clicks_after_a_failed_one_fail_retryably_and_the_retries_apply_each_once_in_order()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var sessionId = Clicks.NewSessionId("stream-fails");
        var log = new FailingClickLog([(sessionId, 2)]);
        var (server, items, reference) = await StartFailingAsync(log, clicks: 4, failedWrites: null, ct);
        await using var serverGuard = server;

        // All four written before any answer is read: 3 and 4 are queued behind 2 when 2 fails.
        var first = await StreamAsync(server, [.. Enumerable.Range(1, 4).Select(seq => Clicks.Click(sessionId, seq, items[seq - 1], K))], ct);

        Assert.Null(first[0].Error);
        Assert.Equal((int)StatusCode.Unavailable, first[1].Error?.Code);
        foreach (var later in first[2..])
        {
            Assert.True(later.Error is { } error && error.Code == (int)StatusCode.Aborted, $"seq {later.Seq} after the failed seq 2: {later.Error?.Code} {later.Error?.Message}, items {later.Items.Count}");
            Assert.Contains("expects seq 2", later.Error!.Message);
        }

        // The client resends from the seq the session expects; each click is applied once, in order.
        var retried = await StreamAsync(server, [.. Enumerable.Range(2, 3).Select(seq => Clicks.Click(sessionId, seq, items[seq - 1], K))], ct);
        for (var i = 0; i < retried.Length; i++)
        {
            Assert.False(retried[i].Duplicate, $"the retry of seq {i + 2} was answered as a duplicate");
            Assert.Equal(i + 2, retried[i].Seq);
            RecommendationAssert.SameRanking(reference[i + 1], retried[i], $"the retried seq {i + 2}");
        }

        var logged = log.Clicks.Where(c => c.SessionId == sessionId).ToList();
        Assert.Equal([1L, 2L, 3L, 4L], logged.Select(c => c.Seq));
        Assert.Equal(items, logged.Select(c => c.ItemId));
    }

    [Fact]
    public async Task A_click_whose_append_failed_is_not_applied_and_its_retry_is_applied_and_logged_once()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var sessionId = Clicks.NewSessionId("append-fails");
        var log = new FailingClickLog([(sessionId, 2)]);
        var (server, items, reference) = await StartFailingAsync(log, clicks: 3, failedWrites: null, ct);
        await using var serverGuard = server;

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

    [Fact]
    public async Task A_click_whose_state_write_failed_leaves_no_trace_and_its_retry_is_applied()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var sessionId = Clicks.NewSessionId("write-fails");
        var log = new FailingClickLog([]);
        var (server, items, reference) = await StartFailingAsync(log, clicks: 3, failedWrites: [(sessionId, 2)], ct);
        await using var serverGuard = server;

        await server.Recommender.ClickAsync(Clicks.Click(sessionId, 1, items[0], K), cancellationToken: ct);
        var failure = await Assert.ThrowsAsync<RpcException>(async () => await server.Recommender.ClickAsync(Clicks.Click(sessionId, 2, items[1], K), cancellationToken: ct));
        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);

        // Nothing of the failed click is visible: the session still answers for seq 1.
        var peek = await server.Recommender.GetRecommendationsAsync(new Contracts.V1.GetRecommendationsRequest { SessionId = sessionId, K = K }, cancellationToken: ct);
        Assert.Equal(1, peek.Seq);

        var retry = await server.Recommender.ClickAsync(Clicks.Click(sessionId, 2, items[1], K), cancellationToken: ct);
        Assert.False(retry.Duplicate, "the retry of the click whose state write failed was answered as a duplicate: the unsaved click had stayed in memory");
        var third = await server.Recommender.ClickAsync(Clicks.Click(sessionId, 3, items[2], K), cancellationToken: ct);

        RecommendationAssert.SameRanking(reference[1], retry, "the retried seq 2");
        RecommendationAssert.SameRanking(reference[2], third, "seq 3 after the retry");

        // The failed attempt had reached the log before its write failed; the log holds each seq, to be deduplicated by (session, seq).
        var logged = log.Clicks.Where(c => c.SessionId == sessionId).Select(c => c.Seq).Distinct().ToList();
        Assert.Equal([1L, 2L, 3L], logged);
    }

    [Fact]
    public async Task A_seq_ahead_of_the_next_one_is_refused_retryably_and_changes_nothing()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var sessionId = Clicks.NewSessionId("gap");
        var items = Clicks.KnownItems(fixture, 2);
        var recommender = new Contracts.V1.Recommender.RecommenderClient(fixture.Channel);

        await recommender.ClickAsync(Clicks.Click(sessionId, 1, items[0], K), cancellationToken: ct);
        var gap = await Assert.ThrowsAsync<RpcException>(async () => await recommender.ClickAsync(Clicks.Click(sessionId, 3, items[1], K), cancellationToken: ct));

        Assert.Equal(StatusCode.Aborted, gap.StatusCode);
        Assert.Contains("expects seq 2", gap.Status.Detail);
        var next = await recommender.ClickAsync(Clicks.Click(sessionId, 2, items[1], K), cancellationToken: ct);
        Assert.False(next.Duplicate);
        Assert.Equal(2, next.Seq);
    }

    /// <summary>A server of its own whose click log (and, when given, session storage) fails the chosen clicks once; with the reference answers for the items.</summary>
    private async Task<(ServerUnderTest Server, string[] Items, Contracts.V1.Recommendation[] Reference)> StartFailingAsync(
        FailingClickLog log, int clicks, IEnumerable<(string SessionId, long Seq)>? failedWrites, CancellationToken ct)
    {
        var server = new ServerUnderTest(fixture.StoreDirectory, services: services =>
        {
            services.AddSingleton<IClickLog>(log);
            if (failedWrites is not null)
            {
                FailingSessionStorage.Decorate(services, failedWrites);
            }
        });
        try
        {
            await server.WaitUntilServingAsync(ct);
            var items = Clicks.KnownItems(fixture, clicks);
            return (server, items, await Clicks.ReferenceAsync(server.Recommender, "failing-reference", items, K, ct));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static async Task<Contracts.V1.Recommendation[]> StreamAsync(ServerUnderTest server, Contracts.V1.ClickEvent[] clicks, CancellationToken ct)
    {
        using var call = server.Recommender.Stream(cancellationToken: ct);
        foreach (var click in clicks)
        {
            await call.RequestStream.WriteAsync(click, ct);
        }

        await call.RequestStream.CompleteAsync();
        var answers = new List<Contracts.V1.Recommendation>();
        await foreach (var answer in call.ResponseStream.ReadAllAsync(ct))
        {
            answers.Add(answer);
        }

        Assert.Equal(clicks.Length, answers.Count);
        return [.. answers];
    }
}
