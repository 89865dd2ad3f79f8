using System.Diagnostics;
using ActorRec.Abstractions;
using ActorRec.Grains.ClickLog;
using ActorRec.Grains.Inference;
using ActorRec.Grains.Runtime;
using ActorRec.Grains.Serving;
using ActorRec.Grains.Sessions;
using ActorRec.Grains.Training;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit;

namespace ActorRec.Grains.Tests.Training;

/// <summary>
/// An in-process Orleans cluster with the registry, the model host and the trainer, over a real model store folder and
/// a click log the test fills. Each silo may or may not allow training.
/// </summary>
internal sealed class TrainingCluster : IAsyncDisposable
{
    /// <summary>Bounds a wait for a run's decision: a retraining on the test data takes well under a minute.</summary>
    public static readonly TimeSpan DecisionTimeout = TimeSpan.FromMinutes(5);

    private const string PrimarySiloName = "Primary";

    private readonly InProcessTestCluster _cluster;

    private TrainingCluster(InProcessTestCluster cluster) => _cluster = cluster;

    public IClusterClient Client => _cluster.Client;

    public IReadOnlyList<InProcessSiloHandle> Silos => _cluster.Silos;

    public ITrainerGrain Trainer => Client.GetGrain<ITrainerGrain>(0);

    public IModelRegistryGrain Registry => Client.GetGrain<IModelRegistryGrain>(0);

    /// <summary>Starts one silo per entry of <paramref name="allowTraining"/> (the first is the primary), all over <paramref name="storeDirectory"/> and <paramref name="log"/>.</summary>
    public static async Task<TrainingCluster> StartAsync(
        string storeDirectory,
        IClickLog log,
        Action<TrainingOptions> configure,
        int keepVersions = 5,
        ITrainingObserver? observer = null,
        bool[]? allowTraining = null,
        Action<AdminOptions>? admin = null,
        LimitClock? clock = null)
    {
        allowTraining ??= [true];
        var builder = new InProcessTestClusterBuilder((short)allowTraining.Length);
        builder.ConfigureSilo((silo, siloBuilder) =>
        {
            var allow = allowTraining[silo.SiloName == PrimarySiloName ? 0 : int.Parse(silo.SiloName.Split('_')[^1], System.Globalization.CultureInfo.InvariantCulture)];
            siloBuilder.AddMemoryGrainStorage(GrainStorageNames.Registry);
            siloBuilder.AddMemoryGrainStorage(GrainStorageNames.Sessions);
            var services = siloBuilder.Services;
            services.AddOptions<ModelStoreOptions>().Configure(o =>
            {
                o.Directory = storeDirectory;
                o.KeepVersions = keepVersions;
            });
            services.AddOptions<InferenceOptions>().Configure(o => o.Device = "cpu");
            services.AddOptions<SessionGrainOptions>();
            services.AddOptions<AdminOptions>().Configure(admin ?? (o => (o.ActivateCooldown, o.RetrainCooldown) = (TimeSpan.Zero, TimeSpan.Zero)));
            services.AddSingleton(clock ?? LimitClock.System);
            services.AddOptions<TrainingOptions>()
                .Configure(o =>
                {
                    configure(o);
                    o.Enabled = allow;
                });
            services.AddSingleton<ModelStore>();
            services.AddSingleton<ModelHost>();
            services.AddSingleton<BatchingEngine>();
            services.AddSingleton<SiloInference>();
            services.AddSingleton(log);
            if (observer is not null)
            {
                services.AddSingleton(observer);
            }

            siloBuilder.AddActorRecTraining(allow);
            siloBuilder.AddActorRecSessionPlacement();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new TrainingCluster(cluster);
    }

    /// <summary>The services of the silo at <paramref name="index"/>.</summary>
    public IServiceProvider SiloServices(int index) => _cluster.Silos[index].ServiceProvider;

    /// <summary>Waits for the decision of <paramref name="runId"/>.</summary>
    public async Task<TrainingDecision> WaitForDecisionAsync(string runId, CancellationToken cancellationToken) =>
        await WaitForDecisionAsync(d => d.RunId == runId, $"the decision of {runId}", cancellationToken);

    /// <summary>Polls the trainer's decisions until one matches, failing after <see cref="DecisionTimeout"/>.</summary>
    public async Task<TrainingDecision> WaitForDecisionAsync(Func<TrainingDecision, bool> match, string awaited, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var decision = (await Trainer.ListDecisionsAsync(0)).FirstOrDefault(match);
            if (decision is not null)
            {
                TestContext.Current.TestOutputHelper?.WriteLine(Describe(decision));
                return decision;
            }

            if (clock.Elapsed > DecisionTimeout)
            {
                throw new TimeoutException($"Gave up after {DecisionTimeout.TotalMinutes} min waiting for {awaited}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    private static string Describe(TrainingDecision d) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{d.RunId} {d.Outcome} ({d.Reason}); {d.LogClicks} clicks, {d.TrainingSessions} training sessions, {d.HoldoutSessions} held out ({d.HoldoutTargets} targets), " +
        $"{d.NewItems} new items of {d.ItemCount}; candidate {string.Join(", ", d.CandidateMetrics.Select(m => $"{m.Key} {m.Value:F4}"))}; " +
        $"active {string.Join(", ", d.ActiveMetrics.Select(m => $"{m.Key} {m.Value:F4}"))}; prepare {d.PrepareSeconds:F1} s, train {d.TrainSeconds:F1} s, " +
        $"evaluate {d.EvaluateSeconds:F1} s, publish {d.PublishSeconds:F1} s, total {d.TotalSeconds:F1} s");
}
