using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using ActorRec.Testing;
using Grpc.Core;
using Xunit;

namespace ActorRec.Server.Tests.Serving;

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

        // A store of its own: the activation is recorded in the store, and would otherwise be the version every later
        // server on the fixture's store starts with.
        using var store = new TempFolder();
        CheckpointCopies.CopyAll(fixture.StoreDirectory, store.Path);
        await using var server = new ServerUnderTest(store.Path, new Dictionary<string, string> { ["Admin:ActivateCooldown"] = "01:00:00" });
        var serving = await server.WaitUntilServingAsync(ct);
        var other = new[] { fixture.VersionId, fixture.SecondVersionId }.First(v => v != serving);
        await server.Admin.ActivateModelAsync(new ActivateModelRequest { VersionId = other }, cancellationToken: ct);

        var refused = await Assert.ThrowsAsync<RpcException>(
            () => server.Admin.ActivateModelAsync(new ActivateModelRequest { VersionId = serving }, cancellationToken: ct).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("Admin:ActivateCooldown", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(other, (await server.Admin.GetActiveModelAsync(new GetActiveModelRequest(), cancellationToken: ct)).VersionId);
    }

    [Fact]
    public async Task A_retrain_within_the_operator_cooldown_is_answered_resource_exhausted()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;

        // A store of its own: the forced run may publish into it and prune it, which the fixture's store must not see.
        using var store = new TempFolder();
        CheckpointCopies.CopyAll(fixture.StoreDirectory, store.Path);
        await using var server = new ServerUnderTest(store.Path, new Dictionary<string, string>
        {
            ["Training:Enabled"] = "true",
            ["Training:Epochs"] = "1",
            ["Admin:RetrainCooldown"] = "01:00:00",
        });
        await server.WaitUntilServingAsync(ct);
        var started = await server.Admin.TriggerRetrainAsync(new TriggerRetrainRequest { Force = true }, cancellationToken: ct);
        Assert.True(started.Started, started.Message);

        // Not waited for: the run may still be going when the server shuts down, which cancels it.
        var refused = await Assert.ThrowsAsync<RpcException>(
            () => server.Admin.TriggerRetrainAsync(new TriggerRetrainRequest { Force = true }, cancellationToken: ct).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("Admin:RetrainCooldown", refused.Status.Detail, StringComparison.Ordinal);
    }
}
