using ActorRec.Abstractions;
using ActorRec.Grains.Runtime;
using ActorRec.Grains.Tests.OnlineMetrics;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Grains.Tests.Training;

/// <summary>The operator's cooldown on triggering a retraining, kept by the cluster's one trainer.</summary>
[Collection(TrainingCollection.Name)]
public sealed class TrainerCooldownTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_trigger_within_the_cooldown_of_the_last_started_run_is_refused_with_how_long_to_wait()
    {
        // No model is active, so each run fails at once: what is tested is only whether a run starts.
        using var store = new TempFolder();
        var clock = new ManualTimeProvider();
        await using var cluster = await TrainingCluster.StartAsync(
            store.Path, new MemoryClickLog(), _ => { }, admin: o => o.RetrainCooldown = TimeSpan.FromMinutes(5), clock: new LimitClock(clock));
        var first = await cluster.Trainer.TriggerAsync(force: true);
        Assert.True(first.Started);
        await cluster.WaitForDecisionAsync(first.RunId, Ct);
        clock.Advance(TimeSpan.FromMinutes(1));

        var refused = await Assert.ThrowsAsync<QuotaExceededException>(() => cluster.Trainer.TriggerAsync(force: true));

        Assert.Contains("Admin:RetrainCooldown", refused.Message, StringComparison.Ordinal);
        Assert.Contains("retry in 240 s", refused.Message, StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.True((await cluster.Trainer.TriggerAsync(force: true)).Started);
    }
}
