using ActorRec.Api.Security;
using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Core;
using Xunit;

namespace ActorRec.Server.Tests.Security;

/// <summary>
/// Session ids belong to the caller's tenant: another tenant using the same id reaches a session of its own and can
/// neither read, end nor advance the first. Keys of one tenant share its sessions, and keys rotate without a restart.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TenancyTests(ServerFixture fixture)
{
    private const int K = 10;

    [Fact]
    public async Task Another_tenant_with_the_same_session_id_cannot_read_end_or_advance_the_session()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var secured = new SecuredServer(fixture.StoreDirectory);
        await secured.WaitUntilServingAsync(ct);
        var items = Clicks.KnownItems(fixture, 3);
        var shop = secured.Recommender(secured.ShopKey);
        var rival = secured.Recommender(secured.RivalKey);
        var sessionId = Clicks.NewSessionId("shared-id");
        await shop.ClickAsync(Clicks.Click(sessionId, 1, items[0], K), cancellationToken: ct);
        var shopsSecond = await shop.ClickAsync(Clicks.Click(sessionId, 2, items[1], K), cancellationToken: ct);

        // Reading: the rival sees a fresh session of its own, not the shop's two clicks.
        var rivalsView = await rival.GetRecommendationsAsync(new GetRecommendationsRequest { SessionId = sessionId, K = K }, cancellationToken: ct);
        Assert.Equal(0, rivalsView.Seq);

        // Ending: nothing of the rival's existed; the shop's session is untouched.
        Assert.False((await rival.EndSessionAsync(new EndSessionRequest { SessionId = sessionId }, cancellationToken: ct)).Existed);

        // Writing: seq 3 is out of order in the rival's own (empty) session, and its seq 1 starts that session.
        var outOfOrder = await Assert.ThrowsAsync<RpcException>(() => rival.ClickAsync(Clicks.Click(sessionId, 3, items[2], K), cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, outOfOrder.StatusCode);
        var rivalsFirst = await rival.ClickAsync(Clicks.Click(sessionId, 1, items[2], K), cancellationToken: ct);
        Assert.False(rivalsFirst.Duplicate);
        Assert.Equal(sessionId, rivalsFirst.SessionId);

        // The shop's session goes on at seq 3 with its own history: its seq 2 retried is still the answer it had.
        var retried = await shop.ClickAsync(Clicks.Click(sessionId, 2, items[1], K), cancellationToken: ct);
        Assert.True(retried.Duplicate);
        Assert.Equal(shopsSecond.Items.Select(i => i.ItemId), retried.Items.Select(i => i.ItemId));
        var third = await shop.ClickAsync(Clicks.Click(sessionId, 3, items[2], K), cancellationToken: ct);
        Assert.False(third.Duplicate);
        Assert.Equal(sessionId, third.SessionId);
    }

    [Fact]
    public async Task Keys_rotate_without_a_restart_and_the_new_key_of_a_tenant_reaches_its_sessions()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var secured = new SecuredServer(fixture.StoreDirectory);
        await secured.WaitUntilServingAsync(ct);
        var items = Clicks.KnownItems(fixture, 2);
        var sessionId = Clicks.NewSessionId("rotated");
        await secured.Recommender(secured.ShopKey).ClickAsync(Clicks.Click(sessionId, 1, items[0], K), cancellationToken: ct);

        // The operator adds the shop's next key and revokes the old one, editing the file the server reads.
        var next = TestKeys.New("shop-2");
        TestKeys.WriteFile(secured.KeysFile, [
            TestKeys.Entry("shop-2", next, "shop", Scopes.Recommend),
            TestKeys.Entry("rival", secured.RivalKey, "rival", Scopes.Recommend),
            TestKeys.Entry("ops", secured.OpsKey, "ops", Scopes.Admin, Scopes.Metrics),
        ]);

        var revoked = await Assert.ThrowsAsync<RpcException>(() => secured.Recommender(secured.ShopKey).ClickAsync(Clicks.Click(sessionId, 2, items[1], K), cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, revoked.StatusCode);
        var second = await secured.Recommender(next).ClickAsync(Clicks.Click(sessionId, 2, items[1], K), cancellationToken: ct);
        Assert.False(second.Duplicate, "the new key did not reach the tenant's session");
        Assert.Equal(2, second.Seq);

        // A broken edit keeps the keys in force rather than locking everyone out.
        File.WriteAllText(secured.KeysFile, "{ \"keys\": [ { \"id\": ");
        Assert.Equal(2, (await secured.Recommender(next).GetRecommendationsAsync(new GetRecommendationsRequest { SessionId = sessionId, K = K }, cancellationToken: ct)).Seq);
    }
}
