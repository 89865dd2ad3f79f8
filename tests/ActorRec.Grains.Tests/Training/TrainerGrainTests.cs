using ActorRec.Abstractions;
using ActorRec.Grains.Serving;
using ActorRec.Grains.Training;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Reinforcement;
using ActorRec.Models.Training;
using ActorRec.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Grains.Tests.Training;

/// <summary>The trainer grain on real data: promotion, the quality gate, failures, pruning and rollback.</summary>
[Collection(TrainingCollection.Name)]
public sealed class TrainerGrainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_retrained_candidate_that_passes_the_gate_is_saved_and_activated_and_knows_the_items_new_in_the_log()
    {
        var scenario = RetrainingScenario.Load();
        using var store = new TempFolder();
        var log = new MemoryClickLog();
        log.AppendRange(scenario.Clicks(scenario.Logged));
        await using var cluster = await StartOnBaseAsync(scenario, store.Path, log);

        var ticket = await cluster.Trainer.TriggerAsync(force: false);
        var decision = await cluster.WaitForDecisionAsync(ticket.RunId, Ct);

        Assert.True(ticket.Started, ticket.Message);
        Assert.True(decision.Outcome == TrainingOutcome.Promoted, $"{decision.Outcome}: {decision.Reason}");
        Assert.Equal(scenario.BaseVersion, decision.BaseVersion);
        Assert.NotNull(decision.CandidateVersion);
        Assert.Equal(decision.CandidateVersion, (await cluster.Registry.GetActiveAsync())?.VersionId);
        Assert.Equal(decision.CandidateVersion, cluster.SiloServices(0).GetRequiredService<ModelHost>().Current?.VersionId);
        Assert.True(decision.CandidateMetrics["recall@20"] >= decision.ActiveMetrics["recall@20"] - decision.Margin, decision.Reason);
        Assert.Equal(log.Count, decision.LogClicks);
        Assert.Equal(log.Count, decision.NewClicks);
        Assert.True(decision.HoldoutTargets >= 200, $"{decision.HoldoutTargets} held-out targets");
        Assert.True(decision.Epochs == 1 && decision.TrainSeconds > 0 && decision.TotalSeconds >= decision.TrainSeconds);

        // The new version's vocabulary is the old one followed by the items that reached the minimum support in the log.
        var manifest = Checkpoint.ReadManifest(cluster.SiloServices(0).GetRequiredService<ModelStore>().Find(decision.CandidateVersion!)!.Directory);
        Assert.Equal(scenario.BaseVocabulary.Count + decision.NewItems, manifest.Vocabulary.Count);
        Assert.True(decision.NewItems > 0, "the newer half of the data brought no item the base model lacks");
        var served = cluster.SiloServices(0).GetRequiredService<ModelHost>().Current!.Vocabulary;
        Assert.Equal(scenario.BaseVocabulary.Ids, served.Ids.Take(scenario.BaseVocabulary.Count));
        Assert.All(served.Ids.Skip(scenario.BaseVocabulary.Count), id => Assert.False(scenario.BaseVocabulary.TryGetIndex(id, out _)));
    }

    [Fact]
    public async Task A_served_sqn_model_is_retrained_as_sqn_with_its_q_head_and_the_promoted_version_serves()
    {
        var scenario = RetrainingScenario.LoadSqn();
        using var store = new TempFolder();
        var log = new MemoryClickLog();
        log.AppendRange(scenario.Clicks(scenario.Logged));
        await using var cluster = await StartOnBaseAsync(scenario, store.Path, log);

        var ticket = await cluster.Trainer.TriggerAsync(force: false);
        var decision = await cluster.WaitForDecisionAsync(ticket.RunId, Ct);

        // The gate judged the warm-started SQN candidate against the active SQN model, both from their serving heads.
        Assert.True(ticket.Started, ticket.Message);
        Assert.True(decision.Outcome == TrainingOutcome.Promoted, $"{decision.Outcome}: {decision.Reason}");
        Assert.True(decision.CandidateMetrics["recall@20"] >= decision.ActiveMetrics["recall@20"] - decision.Margin, decision.Reason);
        Assert.Contains(await cluster.Trainer.ListDecisionsAsync(10), d => d.RunId == decision.RunId && d.Outcome == TrainingOutcome.Promoted);

        // Saved as SQN, with the Q head grown to the new catalog: the kind's own heads survived the warm start.
        var saved = cluster.SiloServices(0).GetRequiredService<ModelStore>().Find(decision.CandidateVersion!)!;
        var (reloaded, manifest) = Checkpoint.Load(saved.Directory);
        using (reloaded)
        {
            Assert.Equal(QLearningOptions.SqnKind, manifest.ModelKind);
            var sqn = Assert.IsType<Gru4RecModel>(reloaded);
            Assert.Equal(QLearningOptions.SqnKind, sqn.Kind);
            var head = Assert.Single(sqn.Network.QHeads);
            Assert.Equal(scenario.BaseVocabulary.Count + decision.NewItems, head.Weight.shape[0]);
        }

        // And it is the version served: a new item steps and scores every item of the grown catalog.
        var host = cluster.SiloServices(0).GetRequiredService<ModelHost>();
        Assert.Equal(decision.CandidateVersion, host.Current?.VersionId);
        Assert.Equal(QLearningOptions.SqnKind, host.Current?.Kind);
        using var lease = host.Acquire();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var newItem = (long)lease.Model.ItemCount - 1;
        var scores = lease.Model.ScoreAll(lease.Model.Advance(lease.Model.InitialHidden(1), tensor(new[] { newItem })));
        Assert.Equal([1L, lease.Model.ItemCount], scores.shape);
        Assert.True(scores.isfinite().all().item<bool>(), "the promoted SQN model scores NaN or infinity");
    }

    [Fact]
    public async Task A_candidate_trained_on_relabelled_items_fails_the_gate_and_the_active_model_stays()
    {
        var scenario = RetrainingScenario.Load();
        using var store = new TempFolder();
        scenario.InstallBase(store.Path);

        // The older nine tenths of the log name every item by another item's id; the newest tenth, which is held out,
        // is real. Trained on the first, the candidate unlearns what the active model knows about the second.
        var ids = scenario.BaseVocabulary.Ids;
        var shuffled = ids.OrderBy(_ => Random.Shared.Next()).ToArray();
        var relabel = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => shuffled[p.i], StringComparer.Ordinal);
        var cut = scenario.Logged.Count * 9 / 10;
        var log = new MemoryClickLog();
        log.AppendRange(scenario.Clicks(scenario.Logged.Take(cut), id => relabel.GetValueOrDefault(id, id)));
        log.AppendRange(scenario.Clicks(scenario.Logged.Skip(cut)));
        var before = Directory.GetDirectories(store.Path);

        // No trigger call: enough new clicks start the run at the scheduler's next look.
        await using var cluster = await TrainingCluster.StartAsync(store.Path, log, o =>
        {
            Small(o);
            o.MinNewClicks = log.Count;
            o.CheckInterval = TimeSpan.FromMilliseconds(200);
            o.LearningRate = 0.3;
        });
        await cluster.Registry.ActivateAsync(scenario.BaseVersion);
        var decision = await cluster.WaitForDecisionAsync(_ => true, "the run started by the new clicks", Ct);

        Assert.Equal("new-clicks", decision.Trigger);
        Assert.True(decision.Outcome == TrainingOutcome.Rejected, $"{decision.Outcome}: {decision.Reason}");
        Assert.StartsWith("below the gate", decision.Reason, StringComparison.Ordinal);
        Assert.True(decision.CandidateMetrics["recall@20"] < decision.ActiveMetrics["recall@20"] - decision.Margin, decision.Reason);
        Assert.Null(decision.CandidateVersion);
        Assert.Equal(scenario.BaseVersion, (await cluster.Registry.GetActiveAsync())?.VersionId);
        Assert.Equal(before, Directory.GetDirectories(store.Path));
    }

    [Fact]
    public async Task A_run_that_crashes_mid_training_records_a_failure_and_publishes_nothing()
    {
        var scenario = RetrainingScenario.Load();
        using var store = new TempFolder();
        scenario.InstallBase(store.Path);
        var log = new MemoryClickLog();
        log.AppendRange(scenario.Clicks(scenario.Logged));
        var before = Directory.GetDirectories(store.Path);
        await using var cluster = await TrainingCluster.StartAsync(store.Path, log, o => Small(o, epochs: 2), observer: new CrashAfterFirstEpoch());
        await cluster.Registry.ActivateAsync(scenario.BaseVersion);

        var ticket = await cluster.Trainer.TriggerAsync(force: true);
        var decision = await cluster.WaitForDecisionAsync(ticket.RunId, Ct);

        Assert.Equal("manual-forced", decision.Trigger);
        Assert.Equal(TrainingOutcome.Failed, decision.Outcome);
        Assert.Contains(CrashAfterFirstEpoch.Message, decision.Reason, StringComparison.Ordinal);
        Assert.Equal(1, decision.Epochs);
        Assert.Equal(log.Count, decision.LogClicks);
        Assert.Null(decision.CandidateVersion);
        Assert.Equal(scenario.BaseVersion, (await cluster.Registry.GetActiveAsync())?.VersionId);
        Assert.Equal(before, Directory.GetDirectories(store.Path));

        Assert.Null((await cluster.Trainer.GetStatusAsync()).RunningRunId);
    }

    [Fact]
    public async Task Shutting_the_silo_down_mid_training_cancels_the_run_at_once_and_publishes_nothing()
    {
        var scenario = RetrainingScenario.Load();
        using var store = new TempFolder();
        scenario.InstallBase(store.Path);
        var log = new MemoryClickLog();
        log.AppendRange(scenario.Clicks(scenario.Logged));
        var before = Directory.GetDirectories(store.Path);
        var epochs = new EpochCounter();
        var cluster = await TrainingCluster.StartAsync(
            store.Path,
            log,
            o =>
            {
                // Far more epochs than the test waits for, and a stop timeout that a run ignoring cancellation would use up.
                Small(o, epochs: 500);
                o.StopTimeout = TimeSpan.FromMinutes(2);
            },
            observer: epochs);
        System.Diagnostics.Stopwatch clock;
        try
        {
            await cluster.Registry.ActivateAsync(scenario.BaseVersion);
            await cluster.Trainer.TriggerAsync(force: true);
            await Deadline.Within(epochs.FirstEpoch, "the first epoch of the run");
        }
        finally
        {
            clock = System.Diagnostics.Stopwatch.StartNew();
            await cluster.DisposeAsync();
        }

        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"shutting down took {clock.Elapsed.TotalSeconds:F0} s: the run was waited for, not cancelled");
        Assert.True(epochs.Count < 500, "the run trained all its epochs");
        Assert.Equal(before, Directory.GetDirectories(store.Path));
    }

    [Fact]
    public async Task Pruning_after_promotions_keeps_the_active_version_and_the_one_it_replaced_so_rollback_works_after_retraining()
    {
        var scenario = RetrainingScenario.Load();
        using var store = new TempFolder();
        scenario.InstallBase(store.Path);
        var log = new MemoryClickLog();
        log.AppendRange(scenario.Clicks(scenario.Logged));
        await using var cluster = await TrainingCluster.StartAsync(store.Path, log, Small, keepVersions: 1);
        var host = cluster.SiloServices(0).GetRequiredService<ModelHost>();
        var modelStore = cluster.SiloServices(0).GetRequiredService<ModelStore>();
        var v1 = scenario.BaseVersion;
        await cluster.Registry.ActivateAsync(v1);

        var first = await cluster.WaitForDecisionAsync((await cluster.Trainer.TriggerAsync(force: true)).RunId, Ct);
        var v2 = first.CandidateVersion!;
        var afterFirst = modelStore.List().Select(e => e.VersionId).ToHashSet();

        // Roll back to the base version, then retrain from it.
        var rolledBack = await cluster.Registry.ActivateAsync(v1);
        var servedAfterRollback = host.Current?.VersionId;
        var second = await cluster.WaitForDecisionAsync((await cluster.Trainer.TriggerAsync(force: true)).RunId, Ct);
        var v3 = second.CandidateVersion!;
        var afterSecond = modelStore.List().Select(e => e.VersionId).ToHashSet();

        Assert.True(first.Outcome == TrainingOutcome.Promoted, $"{first.Outcome}: {first.Reason}");
        Assert.Equal(new HashSet<string> { v1, v2 }, afterFirst);
        Assert.Equal(v1, rolledBack.VersionId);
        Assert.Equal(v1, servedAfterRollback);
        Assert.True(second.Outcome == TrainingOutcome.Promoted, $"{second.Outcome}: {second.Reason}");
        Assert.Equal(v1, second.BaseVersion);
        Assert.Equal(new HashSet<string> { v1, v3 }, afterSecond);

        // A kept version can be rolled back to after the retrains; a pruned one is gone.
        Assert.Equal(v1, (await cluster.Registry.ActivateAsync(v1)).VersionId);
        Assert.Equal(v1, host.Current?.VersionId);
        await Assert.ThrowsAsync<UnknownModelVersionException>(() => cluster.Registry.ActivateAsync(v2));
    }

    /// <summary>Small, quick settings: one epoch, evaluation on the newest tenth, every logged click new.</summary>
    /// <summary>A training cluster on <paramref name="store"/>, serving the scenario's base model, reading <paramref name="log"/>.</summary>
    private static async Task<TrainingCluster> StartOnBaseAsync(RetrainingScenario scenario, string store, MemoryClickLog log)
    {
        scenario.InstallBase(store);
        var cluster = await TrainingCluster.StartAsync(store, log, Small);
        try
        {
            await cluster.Registry.ActivateAsync(scenario.BaseVersion);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static void Small(TrainingOptions options) => Small(options, epochs: 1);

    private static void Small(TrainingOptions options, int epochs)
    {
        options.Epochs = epochs;
        options.MinNewClicks = 0;
        options.Interval = TimeSpan.Zero;
        options.HoldoutFraction = 0.1;
        options.MinHoldoutTargets = 200;
    }

    /// <summary>Counts epochs and signals the first.</summary>
    private sealed class EpochCounter : ITrainingObserver
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public Task FirstEpoch => _first.Task;

        public int Count => Volatile.Read(ref _count);

        public void EpochCompleted(string runId, EpochResult epoch)
        {
            Interlocked.Increment(ref _count);
            _first.TrySetResult();
        }
    }

    /// <summary>Fails the run on the training thread once the first epoch is done, as a crash mid-training would.</summary>
    private sealed class CrashAfterFirstEpoch : ITrainingObserver
    {
        public const string Message = "injected failure after the first epoch";

        public void EpochCompleted(string runId, EpochResult epoch) => throw new InvalidOperationException(Message);
    }
}
