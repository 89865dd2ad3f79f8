using ActorRec.Contracts.V1;
using ActorRec.Gateway;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>
/// An ActorRec gateway (the public gRPC API on an Orleans client) of a test's own, joined to the silos of a Redis through
/// its membership table, reached over an in-memory gRPC channel.
/// </summary>
internal sealed class GatewayUnderTest : IAsyncDisposable
{
    private readonly WebApplicationFactory<GatewayClusterOptions> _factory;

    /// <param name="redis">The StackExchange.Redis configuration string of the silos' Redis.</param>
    /// <param name="settings">Configuration on top of those, by key ("Section:Key").</param>
    public GatewayUnderTest(string redis, IReadOnlyDictionary<string, string>? settings = null)
    {
        _factory = new WebApplicationFactory<GatewayClusterOptions>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Cluster:Redis", redis);
            web.UseSetting("Cluster:ConnectRetryDelay", "00:00:00.200");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                web.UseSetting(key, value);
            }
        });
        Channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });
        Recommender = new Recommender.RecommenderClient(Channel);
        Admin = new ModelAdmin.ModelAdminClient(Channel);
        Health = new Health.HealthClient(Channel);
    }

    public GrpcChannel Channel { get; }

    public Recommender.RecommenderClient Recommender { get; }

    public ModelAdmin.ModelAdminClient Admin { get; }

    public Health.HealthClient Health { get; }

    /// <summary>Waits until the gateway reports itself ready: connected, with active silos.</summary>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) =>
        Eventually.TrueAsync(
            async () => (await Health.CheckAsync(new HealthCheckRequest(), cancellationToken: cancellationToken)).Status == HealthCheckResponse.Types.ServingStatus.Serving,
            "the gateway to report SERVING",
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _factory.DisposeAsync();
    }
}
