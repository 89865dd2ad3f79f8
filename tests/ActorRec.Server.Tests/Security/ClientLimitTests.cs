using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Core;
using Xunit;

namespace ActorRec.Server.Tests.Security;

/// <summary>
/// Limits per principal: a client over its rate gets RESOURCE_EXHAUSTED (unary calls and each click of a stream)
/// while other principals are served, and a principal cannot hold more open streams than allowed.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ClientLimitTests(ServerFixture fixture)
{
    private const int K = 5;

    /// <summary>Far more requests than the bucket holds plus what one token a second can refill while they run.</summary>
    private const int Attempts = 200;

    [Fact]
    public async Task A_principal_over_its_rate_is_refused_with_resource_exhausted_and_others_are_served()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var secured = new SecuredServer(fixture.StoreDirectory, new Dictionary<string, string>
        {
            ["Limits:RequestsPerSecond"] = "1",
            ["Limits:Burst"] = "5",
        });
        var item = Clicks.KnownItems(fixture, 1)[0];

        // Waited for with the shop's key: the rival's bucket stays full until the test drains it.
        await secured.WaitUntilServingAsync(ct);
        var rival = secured.Recommender(secured.RivalKey);

        var request = new GetRecommendationsRequest { SessionId = Clicks.NewSessionId("limited"), K = K };
        RpcException? refused = null;
        for (var i = 0; i < Attempts && refused is null; i++)
        {
            try
            {
                await rival.GetRecommendationsAsync(request, cancellationToken: ct);
            }
            catch (RpcException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("Limits:RequestsPerSecond", refused.Status.Detail, StringComparison.Ordinal);

        // A stream takes a permit to open and one per click: the rival's stream is refused as a call, or (when a permit
        // was refilled in between) its click is answered in band with the same status.
        using var stream = rival.Stream(cancellationToken: ct);
        StatusCode streamed;
        try
        {
            await DuplexCalls.WriteAsync(stream, Clicks.Click(Clicks.NewSessionId("limited-stream"), 1, item, K), ct);
            Assert.True(await stream.ResponseStream.MoveNext(ct));
            streamed = (StatusCode)(stream.ResponseStream.Current.Error?.Code ?? 0);
        }
        catch (RpcException e)
        {
            streamed = e.StatusCode;
        }

        Assert.Equal(StatusCode.ResourceExhausted, streamed);

        // Another principal has its own bucket.
        var other = await secured.Recommender(secured.Token("elsewhere", "recommend")).ClickAsync(Clicks.Click(Clicks.NewSessionId("unlimited"), 1, item, K), cancellationToken: ct);
        Assert.Equal(K, other.Items.Count);
    }

    [Fact]
    public async Task A_principal_cannot_open_more_streams_than_allowed_and_a_closed_one_frees_its_place()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var secured = new SecuredServer(fixture.StoreDirectory, new Dictionary<string, string> { ["Limits:MaxStreamsPerPrincipal"] = "2" });
        await secured.WaitUntilServingAsync(ct);
        var item = Clicks.KnownItems(fixture, 1)[0];
        var shop = secured.Recommender(secured.ShopKey);

        using var first = await OpenStreams.OpenAsync(shop, item, ct);
        using var second = await OpenStreams.OpenAsync(shop, item, ct);
        var third = await Assert.ThrowsAsync<RpcException>(async () => (await OpenStreams.OpenAsync(shop, item, ct)).Dispose());
        Assert.Equal(StatusCode.ResourceExhausted, third.StatusCode);
        Assert.Contains("Limits:MaxStreamsPerPrincipal", third.Status.Detail, StringComparison.Ordinal);

        // Another principal is not counted against the shop.
        using var rivals = await OpenStreams.OpenAsync(secured.Recommender(secured.RivalKey), item, ct);

        await first.RequestStream.CompleteAsync();
        Assert.False(await first.ResponseStream.MoveNext(ct));
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    (await OpenStreams.OpenAsync(shop, item, ct)).Dispose();
                    return true;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    return false;
                }
            },
            "a stream to open once one of the shop's two had closed",
            ct);
    }
}
