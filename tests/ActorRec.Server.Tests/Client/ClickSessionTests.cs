using System.Collections.Concurrent;
using ActorRec.Client;
using ActorRec.Contracts.V1;
using ActorRec.Grains.ClickLog;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorRec.Server.Tests.Client;

/// <summary>The typed client against the real server: numbering, pipelining, retries with the same seq, renumbering and failover.</summary>
[Collection(ServerCollection.Name)]
public sealed class ClickSessionTests(ServerFixture fixture)
{
    private const int K = 10;

    private static readonly ActorRecClientOptions Options = new() { K = K, RetryDelay = TimeSpan.FromMilliseconds(10) };

    [Fact]
    public async Task Pipelined_clicks_are_numbered_from_one_and_answered_in_order_with_the_models_answers()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var items = Clicks.KnownItems(fixture, 8);
        var reference = await Clicks.ReferenceAsync(new Recommender.RecommenderClient(fixture.Channel), "client-reference", items, K, ct);
        using var client = new ActorRecClient([fixture.Channel], Options);
        var session = client.StartSession(Clicks.NewSessionId("client"));

        var answers = await Task.WhenAll(items.Select(item => session.ClickAsync(item)));
        await session.CompleteAsync();

        for (var i = 0; i < items.Length; i++)
        {
            Assert.Equal(i + 1, answers[i].Seq);
            Assert.False(answers[i].Duplicate);
            RecommendationAssert.SameRanking(reference[i], answers[i], $"seq {i + 1}");
        }

        Assert.Equal(items.Length, session.LastApplied);
        Assert.Equal(0, session.Retries);
        await session.DisposeAsync();
    }

    [Fact]
    public async Task Clicks_that_fail_transiently_are_resent_with_their_seq_and_each_is_applied_once()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var sessionId = Clicks.NewSessionId("client-retry");
        var log = new FailingClickLog([(sessionId, 2), (sessionId, 5)]);
        await using var server = new ServerUnderTest(fixture.StoreDirectory, services: services => services.AddSingleton<IClickLog>(log));
        await server.WaitUntilServingAsync(ct);
        var items = Clicks.KnownItems(fixture, 6);
        var reference = await Clicks.ReferenceAsync(server.Recommender, "client-retry-reference", items, K, ct);
        using var client = new ActorRecClient([server.Channel], Options);
        await using var session = client.StartSession(sessionId);

        var answers = await Task.WhenAll(items.Select(item => session.ClickAsync(item)));
        var streamed = new List<Recommendation>();
        await session.CompleteAsync();
        await foreach (var answer in session.ReadAnswersAsync(ct))
        {
            streamed.Add(answer);
        }

        Assert.True(session.Retries >= 2, $"{session.Retries} retries for two failed appends");
        Assert.Equal(answers.Select(a => a.Seq), streamed.Select(a => a.Seq));
        for (var i = 0; i < items.Length; i++)
        {
            Assert.Equal(i + 1, answers[i].Seq);
            RecommendationAssert.SameRanking(reference[i], answers[i], $"seq {i + 1}");
        }

        var logged = log.Clicks.Where(c => c.SessionId == sessionId).ToList();
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], logged.Select(c => c.Seq));
        Assert.Equal(items, logged.Select(c => c.ItemId));
    }

    [Fact]
    public async Task A_call_that_neither_answers_nor_fails_is_cancelled_by_the_click_timeout_and_fails_its_session()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var log = new HangingClickLog();
        await using var server = new ServerUnderTest(fixture.StoreDirectory, services: services => services.AddSingleton<IClickLog>(log));
        await server.WaitUntilServingAsync(ct);
        var failures = new ConcurrentQueue<ClickAttemptFailure>();
        var options = new ActorRecClientOptions { K = K, RetryDelay = TimeSpan.FromMilliseconds(10), ClickTimeout = TimeSpan.FromSeconds(1), AttemptFailed = failures.Enqueue };
        using var client = new ActorRecClient([server.Channel], options);
        await using var session = client.StartSession(Clicks.NewSessionId("client-hang"));

        var click = session.ClickAsync(Clicks.KnownItems(fixture, 1)[0]);

        await Assert.ThrowsAsync<ClickSessionFailedException>(() => click);
        log.Release();

        // The client gave up on its own timeout: it cancelled the call, before any server-side timeout could end it.
        Assert.NotEmpty(failures);
        Assert.All(failures, failure => Assert.Equal(StatusCode.Cancelled, failure.Status));
    }

    [Fact]
    public async Task A_session_resumes_through_the_next_endpoint_when_the_first_is_down()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var items = Clicks.KnownItems(fixture, 3);
        var sessionId = Clicks.NewSessionId("client-resume");
        using (var first = new ActorRecClient([fixture.Channel], Options))
        {
            await using var session = first.StartSession(sessionId);
            await Task.WhenAll(items[..2].Select(item => session.ClickAsync(item)));
            await session.CompleteAsync();
        }

        // Nothing listens on a port that was just free: calls to it fail with UNAVAILABLE.
        using var down = GrpcChannel.ForAddress($"http://127.0.0.1:{RedisServer.FreePort()}");
        using var client = new ActorRecClient([down, fixture.Channel], Options);

        await using var resumed = await client.ResumeSessionAsync(sessionId, ct);
        var resumedAt = resumed.LastApplied;
        var next = await resumed.ClickAsync(items[2]);

        Assert.Equal(2, resumedAt);
        Assert.Equal(3, next.Seq);
        Assert.False(next.Duplicate);
    }

    [Fact]
    public async Task A_click_rejected_for_good_fails_alone_and_the_clicks_after_it_close_the_gap()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var items = Clicks.KnownItems(fixture, 2);
        using var client = new ActorRecClient([fixture.Channel], Options);
        await using var session = client.StartSession(Clicks.NewSessionId("client-reject"));

        var first = session.ClickAsync(items[0]);
        var rejected = session.ClickAsync(items[1], eventType: "teleport");
        var last = session.ClickAsync(items[1]);

        Assert.Equal(1, (await first).Seq);
        var error = await Assert.ThrowsAsync<RpcException>(() => rejected);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("event_type", error.Status.Detail);
        Assert.Equal(2, (await last).Seq);
        await session.CompleteAsync();
        Assert.Equal(2, session.LastApplied);
    }

    [Fact]
    public async Task When_its_endpoint_goes_away_a_session_continues_on_another_silo_of_the_cluster()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var silos = await TwoSilos.StartAsync(fixture, ct);
        var (a, b) = (silos.A, silos.B);
        var items = Clicks.KnownItems(fixture, 8);
        var reference = await Clicks.ReferenceAsync(b.Recommender, "client-failover-reference", items, K, ct);
        using var client = new ActorRecClient([a.Channel, b.Channel], Options);
        await using var session = client.StartSession(Clicks.NewSessionId("client-failover"));

        var before = await Task.WhenAll(items[..4].Select(item => session.ClickAsync(item)));
        await a.StopAsync();
        var after = await Task.WhenAll(items[4..].Select(item => session.ClickAsync(item)));
        await session.CompleteAsync();

        Assert.True(session.Failovers >= 1, "the session never moved to the other endpoint");
        Recommendation[] answers = [.. before, .. after];
        for (var i = 0; i < items.Length; i++)
        {
            Assert.Equal(i + 1, answers[i].Seq);
            RecommendationAssert.SameRanking(reference[i], answers[i], $"seq {i + 1}");
        }
    }
}
