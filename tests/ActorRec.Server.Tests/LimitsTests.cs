using ActorRec.Contracts.V1;
using Grpc.Core;
using Xunit;

namespace ActorRec.Server.Tests;

/// <summary>The limits the grains enforce, as a client sees them through gRPC: RESOURCE_EXHAUSTED naming the setting.</summary>
[Collection(ServerCollection.Name)]
public sealed class LimitsTests(ServerFixture fixture)
{
    private const int K = 5;

    [Fact]
    public async Task A_session_beyond_the_active_session_limit_is_answered_resource_exhausted()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var server = new ServerUnderTest(fixture.StoreDirectory, new Dictionary<string, string> { ["Sessions:MaxActiveWithoutTenant"] = "1" });
        await server.WaitUntilServingAsync(ct);
        var items = Clicks.KnownItems(fixture, 1);
        await server.Recommender.ClickAsync(Clicks.Click(Clicks.NewSessionId("first"), 1, items[0], K), cancellationToken: ct);

        var refused = await Assert.ThrowsAsync<RpcException>(
            () => server.Recommender.ClickAsync(Clicks.Click(Clicks.NewSessionId("second"), 1, items[0], K), cancellationToken: ct).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("Sessions:MaxActiveWithoutTenant", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_activation_within_the_operator_cooldown_is_answered_resource_exhausted()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var server = new ServerUnderTest(fixture.StoreDirectory, new Dictionary<string, string> { ["Admin:ActivateCooldown"] = "01:00:00" });
        var serving = await server.WaitUntilServingAsync(ct);
        var other = new[] { fixture.VersionId, fixture.SecondVersionId }.First(v => v != serving);
        await server.Admin.ActivateModelAsync(new ActivateModelRequest { VersionId = other }, cancellationToken: ct);

        var refused = await Assert.ThrowsAsync<RpcException>(
            () => server.Admin.ActivateModelAsync(new ActivateModelRequest { VersionId = serving }, cancellationToken: ct).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("Admin:ActivateCooldown", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(other, (await server.Admin.GetActiveModelAsync(new GetActiveModelRequest(), cancellationToken: ct)).VersionId);
    }
}
