using System.Globalization;
using Grpc.Net.Client;

namespace ActorRec.Cli.Faults;

/// <summary>
/// Redis, the silos sharing it and one model store, and optionally a gateway in front of them, all child processes on
/// loopback. Clients reach the gateway when there is one, else the silos' own gRPC endpoints. Disposing kills them all.
/// </summary>
internal sealed class FaultCluster : IAsyncDisposable
{
    /// <summary>The ids the silos and the gateway join under.</summary>
    private const string ClusterId = "actorrec-faults";

    private readonly List<ServiceProcess> _silos = [];
    private readonly TimeSpan _startTimeout;

    private FaultCluster(RedisInstance redis, TimeSpan startTimeout)
    {
        Redis = redis;
        _startTimeout = startTimeout;
    }

    public RedisInstance Redis { get; }

    public IReadOnlyList<ServiceProcess> Silos => _silos;

    public ServiceProcess? Gateway { get; private set; }

    /// <summary>Where clients send their clicks: the gateway, or every silo.</summary>
    public IReadOnlyList<Uri> Endpoints => Gateway is { } gateway ? [gateway.Url] : [.. _silos.Select(s => s.Url)];

    /// <summary>Channels for admin calls and checks, in the order to try them.</summary>
    public IReadOnlyList<GrpcChannel> Channels => Gateway is { } gateway ? [gateway.Channel] : [.. _silos.Select(s => s.Channel)];

    public static async Task<FaultCluster> StartAsync(
        FaultOptions options, string serverDll, string store, string folder, Action<string> say, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(options.StartTimeoutSeconds);
        var redis = await RedisInstance.StartAsync(Path.Combine(folder, "redis"), timeout, cancellationToken);
        var cluster = new FaultCluster(redis, timeout);
        try
        {
            say($"Redis on {redis.ConfigurationString} (append-only, fsync every second).");
            for (var i = 0; i < options.Silos; i++)
            {
                var settings = SiloSettings(store, Path.Combine(folder, $"silo-{i}"));
                settings["Cluster:Redis"] = redis.ConfigurationString;
                settings["Cluster:ClusterId"] = ClusterId;
                settings["Cluster:ServiceId"] = ClusterId;

                // The gateway is an Orleans client: it reaches the silos through their client gateways, closed otherwise.
                settings["Cluster:ClientGateway"] = options.GatewayPath is null ? "false" : "true";
                var silo = new ServiceProcess($"silo-{i}", serverDll, settings, Path.Combine(folder, $"silo-{i}"));
                cluster._silos.Add(silo);
                silo.Start();
            }

            foreach (var silo in cluster._silos)
            {
                await silo.WaitUntilReadyAsync(timeout, cancellationToken);
                say($"{silo.Name} ready on {silo.Url}.");
            }

            if (options.GatewayPath is { } gatewayDll)
            {
                var settings = new Dictionary<string, string>
                {
                    ["Cluster:Redis"] = redis.ConfigurationString,
                    ["Cluster:ClusterId"] = ClusterId,
                    ["Cluster:ServiceId"] = ClusterId,
                    ["Logging:LogLevel:Default"] = "Warning",
                };
                // Absolute: the gateway runs in a working folder of its own.
                cluster.Gateway = new ServiceProcess("gateway", Path.GetFullPath(gatewayDll), settings, Path.Combine(folder, "gateway"));
                cluster.Gateway.Start();
                await cluster.Gateway.WaitUntilReadyAsync(timeout, cancellationToken);
                say($"gateway ready on {cluster.Gateway.Url}.");
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The fault-free reference: one silo alone, with session state in memory, on the same model store. Started only
    /// after the cluster is gone, so that it competes with nothing.
    /// </summary>
    public static async Task<ServiceProcess> StartReferenceAsync(string serverDll, string store, string folder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var silo = new ServiceProcess("reference", serverDll, SiloSettings(store, folder), folder);
        try
        {
            silo.Start();
            await silo.WaitUntilReadyAsync(timeout, cancellationToken);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills a silo (SIGKILL) and starts it again on the same ports, without waiting for it to be ready.</summary>
    public async Task KillAndRestartSiloAsync(int index)
    {
        await _silos[index].KillAsync();
        _silos[index].Start();
    }

    /// <summary>Kills Redis (SIGKILL) and starts it again on the same port and folder; returns when it answers.</summary>
    public async Task KillAndRestartRedisAsync(CancellationToken cancellationToken)
    {
        await Redis.KillAsync();
        await Redis.RestartAsync(_startTimeout, cancellationToken);
    }

    /// <summary>Waits until every silo (and the gateway) reports SERVING again.</summary>
    public async Task WaitUntilAllReadyAsync(CancellationToken cancellationToken)
    {
        foreach (var silo in _silos)
        {
            await silo.WaitUntilReadyAsync(_startTimeout, cancellationToken);
        }

        if (Gateway is { } gateway)
        {
            await gateway.WaitUntilReadyAsync(_startTimeout, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is { } gateway)
        {
            await gateway.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }

    /// <summary>Settings of a silo: its own free ports and folders, loopback only, the shared model store, the CPU.</summary>
    private static Dictionary<string, string> SiloSettings(string store, string folder) => new()
    {
        ["Cluster:SiloPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
        ["Cluster:GatewayPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
        ["Cluster:AdvertisedAddress"] = "127.0.0.1",
        ["Kestrel:Endpoints:Metrics:Url"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{LoopbackPort.Free()}"),
        ["ModelStore:Directory"] = store,
        ["ClickLog:Directory"] = Path.Combine(folder, "clicklog"),
        ["Inference:Device"] = "cpu",
        ["ModelSync:Interval"] = "00:00:00.500",

        // The harness swaps the model every few seconds on purpose: the operator cooldown would refuse it.
        ["Admin:ActivateCooldown"] = "00:00:00",
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
