using ActorRec.Abstractions;
using ActorRec.Grains.Tests.Sessions;
using Xunit;

namespace ActorRec.Grains.Tests.Serving;

/// <summary>The operator's cooldown on model activation, kept by the cluster's one registry.</summary>
public sealed class AdminCooldownTests
{
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_operator_activation_within_the_cooldown_is_refused_with_how_long_to_wait()
    {
        await using var cluster = await SessionCluster.StartAsync(admin: o => o.ActivateCooldown = Cooldown);
        await cluster.Registry.ActivateAsync(cluster.VersionB);
        cluster.Clock.Advance(TimeSpan.FromSeconds(3));

        var refused = await Assert.ThrowsAsync<QuotaExceededException>(() => cluster.Registry.ActivateAsync(cluster.VersionA));

        Assert.Contains("Admin:ActivateCooldown", refused.Message, StringComparison.Ordinal);
        Assert.Contains("retry in 7 s", refused.Message, StringComparison.Ordinal);
        Assert.Equal(cluster.VersionB, (await cluster.Registry.GetActiveAsync())?.VersionId);

        cluster.Clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(cluster.VersionA, (await cluster.Registry.ActivateAsync(cluster.VersionA)).VersionId);
    }

    [Fact]
    public async Task The_clusters_own_promotions_neither_wait_for_nor_start_the_operator_cooldown()
    {
        await using var cluster = await SessionCluster.StartAsync(admin: o => o.ActivateCooldown = Cooldown);
        await cluster.Registry.ActivateAsync(cluster.VersionB);

        // Within the operator's cooldown, a promotion goes through...
        Assert.Equal(cluster.VersionA, (await cluster.Registry.PromoteAsync(cluster.VersionA)).VersionId);

        // ...and once the operator's cooldown is over, the promotion has not started another.
        cluster.Clock.Advance(Cooldown);
        await cluster.Registry.PromoteAsync(cluster.VersionB);
        Assert.Equal(cluster.VersionA, (await cluster.Registry.ActivateAsync(cluster.VersionA)).VersionId);
    }

    [Fact]
    public async Task A_refused_activation_does_not_start_the_cooldown()
    {
        await using var cluster = await SessionCluster.StartAsync(admin: o => o.ActivateCooldown = Cooldown);

        await Assert.ThrowsAsync<UnknownModelVersionException>(() => cluster.Registry.ActivateAsync("no-such-version"));

        Assert.Equal(cluster.VersionB, (await cluster.Registry.ActivateAsync(cluster.VersionB)).VersionId);
    }
}
