using System.Diagnostics;
using System.Globalization;
using ActorRec.Contracts.V1;
using ActorRec.Grains.Serving;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>
/// An ActorRec server (silo + gRPC) of a test's own, serving from the given model store on free silo ports, with extra
/// settings. By default in the embedded mode (in-memory state, the file click log in a temporary folder of its own);
/// <see cref="WithRedis"/> keeps grain state, membership and the click log in a Redis instead, so that disposing the
/// server loses only what it held in memory, and servers sharing the Redis form one cluster.
/// </summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private bool _stopped;

    /// <param name="modelStore">The model store to serve from.</param>
    /// <param name="settings">Configuration on top of the defaults, by key ("Section:Key").</param>
    /// <param name="services">Replaces services after the server's own registrations (a seam for a failing dependency).</param>

    public ServerUnderTest(string modelStore, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        ClickLogDirectory = Directory.CreateTempSubdirectory("actorrec-clicklog-").FullName;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ModelStore:Directory", modelStore);
            web.UseSetting("ClickLog:Directory", ClickLogDirectory);
            web.UseSetting("Cluster:SiloPort", RedisServer.FreePort().ToString(CultureInfo.InvariantCulture));
            web.UseSetting("Cluster:GatewayPort", RedisServer.FreePort().ToString(CultureInfo.InvariantCulture));
            web.UseSetting("ModelSync:Interval", "00:00:00.200");
            web.UseSetting("Admin:ActivateCooldown", "00:00:00");
            web.UseSetting("Admin:RetrainCooldown", "00:00:00");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                web.UseSetting(key, value);
            }

            if (services is not null)
            {
                web.ConfigureTestServices(services);
            }
        });
        try
        {
            Channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });
        }
        catch
        {
            // A server that fails to start (a test of that failure) leaves no folder behind.
            _factory.Dispose();
            Directory.Delete(ClickLogDirectory, recursive: true);
            throw;
        }

        Recommender = new Recommender.RecommenderClient(Channel);
        Admin = new ModelAdmin.ModelAdminClient(Channel);
    }

    /// <summary>A server keeping its state in <paramref name="redis"/> (a StackExchange.Redis configuration string).</summary>
    public static ServerUnderTest WithRedis(string modelStore, string redis, IReadOnlyDictionary<string, string>? settings = null) =>
        new(modelStore, new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["Cluster:Redis"] = redis });

    /// <summary>The folder of the file click log (unused with Redis, whose stream holds the clicks).</summary>
    public string ClickLogDirectory { get; }

    public GrpcChannel Channel { get; }

    public Recommender.RecommenderClient Recommender { get; }

    public ModelAdmin.ModelAdminClient Admin { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>Waits until the server answers a query with a model, which it cannot before it has loaded one; returns that version.</summary>
    public async Task<string> WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        var probe = new GetRecommendationsRequest { SessionId = $"probe-{Guid.NewGuid():N}", K = 1 };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return (await Recommender.GetRecommendationsAsync(probe, cancellationToken: cancellationToken)).ModelVersion;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.Unavailable && deadline.Elapsed < Eventually.Timeout)
            {
                // No model active or loaded yet; a poll interval, not a synchronisation: the condition is checked again until the deadline.
                await Task.Delay(20, cancellationToken);
            }
        }
    }

    /// <summary>Waits until this silo sees <paramref name="silos"/> active silos in the cluster's membership table.</summary>
    public Task WaitUntilClusteredAsync(int silos, string name, CancellationToken cancellationToken)
    {
        var management = Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        return Eventually.TrueAsync(
            async () => (await management.GetHosts(onlyActive: true)).Count == silos,
            $"silo {name} to see {silos} active silos in the membership table",
            cancellationToken);
    }

    /// <summary>Waits until this server's own model host serves <paramref name="versionId"/>, whichever silo hosts the session grains.</summary>
    public Task WaitUntilLoadedAsync(string name, string versionId, CancellationToken cancellationToken)
    {
        var host = Services.GetRequiredService<ModelHost>();
        return Eventually.TrueAsync(
            () => Task.FromResult(host.Current?.VersionId == versionId),
            $"silo {name} to load model version {versionId}",
            cancellationToken);
    }

    /// <summary>The in-memory handler that reaches this server, for channels of a test's own (with credentials, say).</summary>
    public HttpMessageHandler CreateHandler() => _factory.Server.CreateHandler();

    /// <summary>An HTTP client of the server, for what is not gRPC (the Prometheus scrape).</summary>
    public HttpClient CreateHttpClient() => _factory.CreateClient();

    /// <summary>Shuts the server down (a graceful silo shutdown) and leaves the channel, whose calls then fail as to a server gone away.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _factory.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await StopAsync();
        Directory.Delete(ClickLogDirectory, recursive: true);
    }
}
