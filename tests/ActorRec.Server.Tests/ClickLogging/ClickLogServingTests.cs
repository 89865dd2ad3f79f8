using ActorRec.Contracts.V1;
using ActorRec.Grains.ClickLog;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorRec.Server.Tests.ClickLogging;

/// <summary>Clicks through the real server reach the click log once each: applied clicks are logged, retries are not.</summary>
[Collection(ServerCollection.Name)]
public sealed class ClickLogServingTests(ServerFixture server)
{
    private const int K = 5;

    [Fact]
    public async Task Each_applied_click_lands_in_the_log_once_and_retries_and_rejected_events_do_not()
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var client = new Recommender.RecommenderClient(server.Channel);
        var log = server.Services.GetRequiredService<IClickLog>();
        Assert.IsType<FileClickLog>(log);
        var items = Clicks.KnownItems(server, 4);
        var sessionId = Clicks.NewSessionId("click-log");

        // Unary: seq 1 and 2, a retry of 2, then seq 3 as a cart event with the client's timestamp.
        await client.ClickAsync(Clicks.Click(sessionId, 1, items[0], K), cancellationToken: ct);
        await client.ClickAsync(Clicks.Click(sessionId, 2, items[1], K), cancellationToken: ct);
        var retry = await client.ClickAsync(Clicks.Click(sessionId, 2, items[1], K), cancellationToken: ct);
        Assert.True(retry.Duplicate, "the retry of seq 2 was applied again");
        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_123_456);
        var cart = Clicks.Click(sessionId, 3, items[2], K);
        cart.EventType = "cart";
        cart.Timestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(timestamp);
        await client.ClickAsync(cart, cancellationToken: ct);

        // Streamed: seq 4, an event rejected in band, an older seq (a retry) and a repeat of seq 4.
        using (var call = client.Stream(cancellationToken: ct))
        {
            var bad = Clicks.Click(sessionId, 5, items[3], K);
            bad.EventType = "hover";
            foreach (var click in new[] { Clicks.Click(sessionId, 4, items[3], K), bad, Clicks.Click(sessionId, 1, items[0], K), Clicks.Click(sessionId, 4, items[3], K) })
            {
                await call.RequestStream.WriteAsync(click, ct);
            }

            await call.RequestStream.CompleteAsync();
            var answers = await call.ResponseStream.ReadAllAsync(ct).ToListAsync(ct);
            Assert.Equal([false, false, true, true], answers.Select(a => a.Duplicate));
            Assert.NotNull(answers[1].Error);
        }

        var logged = (await LoggedClicks.ReadAllAsync(log, ct)).Where(c => c.SessionId == sessionId).ToList();
        Assert.Equal([1L, 2L, 3L, 4L], logged.Select(c => c.Seq));
        Assert.Equal(items, logged.Select(c => c.ItemId));
        Assert.Equal(["click", "click", "cart", "click"], logged.Select(c => c.EventType));
        Assert.Equal(timestamp.ToUnixTimeMilliseconds(), logged[2].TimestampUnixMs);
    }
}
