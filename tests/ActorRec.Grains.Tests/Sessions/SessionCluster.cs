using ActorRec.Abstractions;
using ActorRec.Grains.ClickLog;
using ActorRec.Grains.Inference;
using ActorRec.Grains.OnlineMetrics;
using ActorRec.Grains.Runtime;
using ActorRec.Grains.Serving;
using ActorRec.Grains.Sessions;
using ActorRec.Grains.Tests.OnlineMetrics;
using ActorRec.Grains.Tests.Training;
using ActorRec.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace ActorRec.Grains.Tests.Sessions;

/// <summary>
/// A one-silo in-process cluster serving sessions from two small real checkpoints (A active at start), with a click
/// log the test reads, and a clock for slot leases and cooldowns that moves only when the test moves it.
/// </summary>
internal sealed class SessionCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;
    private readonly TempFolder _store;

    private SessionCluster(InProcessTestCluster cluster, TempFolder store, MemoryClickLog log, ManualTimeProvider clock, string versionA, string versionB)
    {
        _cluster = cluster;
        _store = store;
        Log = log;
        Clock = clock;
        VersionA = versionA;
        VersionB = versionB;
    }

    public MemoryClickLog Log { get; }

    public ManualTimeProvider Clock { get; }

    public string VersionA { get; }

    public string VersionB { get; }

    public IModelRegistryGrain Registry => _cluster.Client.GetGrain<IModelRegistryGrain>(0);

    public static async Task<SessionCluster> StartAsync(Action<SessionGrainOptions>? sessions = null, Action<AdminOptions>? admin = null)
    {
        var store = new TempFolder();
        var versionA = TestCheckpoints.Save(Path.Combine(store.Path, "a"), seed: 1).VersionId;
        var versionB = TestCheckpoints.Save(Path.Combine(store.Path, "b"), seed: 2).VersionId;
        var log = new MemoryClickLog();
        var clock = new ManualTimeProvider();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(GrainStorageNames.Registry);
            silo.AddMemoryGrainStorage(GrainStorageNames.Sessions);
            var services = silo.Services;
            services.AddOptions<ModelStoreOptions>().Configure(o => o.Directory = store.Path);
            services.AddOptions<InferenceOptions>().Configure(o => o.Device = "cpu");
            services.AddOptions<SessionGrainOptions>().Configure(o => sessions?.Invoke(o));
            services.AddOptions<AdminOptions>().Configure(o => admin?.Invoke(o));
            services.AddOptions<OnlineMetricsOptions>();
            services.AddSingleton<ModelStore>();
            services.AddSingleton<ModelHost>();
            services.AddSingleton<BatchingEngine>();
            services.AddSingleton<SiloInference>();
            services.AddSingleton<OnlineAccuracyWindow>();
            services.AddSingleton<ServingMetrics>();
            services.AddSingleton<IClickLog>(log);
            services.AddSingleton(new LimitClock(clock));
            silo.AddActorRecSessionPlacement();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var started = new SessionCluster(cluster, store, log, clock, versionA, versionB);
        await started.Registry.PromoteAsync(versionA);
        return started;
    }

    public ISessionGrain Session(string key) => _cluster.Client.GetGrain<ISessionGrain>(key);

    public ITenantSessionsGrain Tenant(string tenant) => _cluster.Client.GetGrain<ITenantSessionsGrain>(tenant);

    /// <summary>Clicks <paramref name="itemId"/> as event <paramref name="seq"/> of <paramref name="key"/>.</summary>
    public Task<SessionRecommendation> ClickAsync(string key, long seq, string itemId) =>
        Session(key).ClickAsync(new ClickCommand(seq, itemId, "click", 1_700_000_000_000 + seq, 5, ExcludeSeen: false));

    /// <summary>What the session's storage holds for <paramref name="key"/>.</summary>
    public async Task<SessionState> StoredStateAsync(string key)
    {
        var storage = _cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Sessions);
        var state = new GrainState<SessionState>(new SessionState());
        await storage.ReadStateAsync("session", Session(key).GetGrainId(), state);
        return state.State ?? new SessionState();
    }

    /// <summary>The sessions the click log holds a click of.</summary>
    public async Task<string[]> LoggedSessionsAsync()
    {
        var page = await Log.ReadAsync(null, 1_000_000);
        return [.. page.Clicks.Select(c => c.SessionId).Distinct()];
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _store.Dispose();
    }
}
