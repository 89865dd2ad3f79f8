using System.Diagnostics;
using System.Globalization;
using ActorRec.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ActorRec.Server.Tests;

/// <summary>
/// An ActorRec server (silo + gRPC) of a test's own, keeping its grain state in the given Redis and serving from
/// the given model store, on free silo ports. Disposing it stops the host: everything it held in memory is gone.
/// </summary>
internal sealed class RedisBackedServer : IAsyncDisposable
{
    private static readonly TimeSpan ServingTimeout = TimeSpan.FromSeconds(30);

    private readonly WebApplicationFactory<Program> _factory;

    public RedisBackedServer(string modelStore, string redis)
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ModelStore:Directory", modelStore);
            web.UseSetting("Cluster:Redis", redis);
            web.UseSetting("Cluster:SiloPort", RedisServer.FreePort().ToString(CultureInfo.InvariantCulture));
            web.UseSetting("Cluster:GatewayPort", RedisServer.FreePort().ToString(CultureInfo.InvariantCulture));
            web.UseSetting("ModelSync:Interval", "00:00:00.200");
        });
        Channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });
        Recommender = new Recommender.RecommenderClient(Channel);
        Admin = new ModelAdmin.ModelAdminClient(Channel);
    }

    public GrpcChannel Channel { get; }

    public Recommender.RecommenderClient Recommender { get; }

    public ModelAdmin.ModelAdminClient Admin { get; }

    /// <summary>The server's services, for looking at what the API does not show (the silo's grain factory, its model host).</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>
    /// Waits until the server answers a query with a model, which it cannot before its model synchroniser has
    /// loaded the registry's active version; returns that version.
    /// </summary>
    public async Task<string> WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        var probe = new GetRecommendationsRequest { SessionId = $"probe-{Guid.NewGuid():N}", K = 1 };
        var deadline = Stopwatch.StartNew();
        RpcException? last = null;
        while (deadline.Elapsed < ServingTimeout)
        {
            try
            {
                return (await Recommender.GetRecommendationsAsync(probe, cancellationToken: cancellationToken)).ModelVersion;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                // No model loaded yet.
                last = e;
            }

            // A poll interval, not a synchronisation: the condition is checked again until the deadline.
            await Task.Delay(20, cancellationToken);
        }

        throw new TimeoutException($"The server did not serve a model within {ServingTimeout.TotalSeconds} s; last answer: {last?.Status}");
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _factory.DisposeAsync();
    }
}
