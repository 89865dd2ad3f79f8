using System.Globalization;
using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ActorRec.Server.Tests.Page;

/// <summary>
/// An ActorRec server on real sockets, as a user starts it: gRPC (HTTP/2) and the HTTP/1.1 endpoint that serves /metrics
/// and the live page, both on free loopback ports, serving the given model store. A browser reaches the page; the
/// test's gRPC clients reach the same server over a real channel.
/// </summary>
internal sealed class PageServer : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly string _clickLog = Directory.CreateTempSubdirectory("actorrec-clicklog-").FullName;

    public PageServer(string modelStore, IReadOnlyDictionary<string, string>? settings = null)
    {
        var grpcPort = RedisServer.FreePort();
        var pagePort = RedisServer.FreePort();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ModelStore:Directory", modelStore);
            web.UseSetting("ClickLog:Directory", _clickLog);
            web.UseSetting("Cluster:SiloPort", RedisServer.FreePort().ToString(CultureInfo.InvariantCulture));
            web.UseSetting("Cluster:GatewayPort", RedisServer.FreePort().ToString(CultureInfo.InvariantCulture));
            web.UseSetting("Kestrel:Endpoints:Grpc:Url", $"http://127.0.0.1:{grpcPort}");
            web.UseSetting("Kestrel:Endpoints:Metrics:Url", $"http://127.0.0.1:{pagePort}");
            web.UseSetting("Kestrel:Endpoints:Metrics:Protocols", "Http1");
            web.UseSetting("Admin:ActivateCooldown", "00:00:00");
            web.UseSetting("Page:PollInterval", "00:00:00.500");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                web.UseSetting(key, value);
            }
        });
        _factory.UseKestrel();
        try
        {
            _factory.StartServer();
        }
        catch
        {
            _factory.Dispose();
            Directory.Delete(_clickLog, recursive: true);
            throw;
        }

        PageAddress = new Uri($"http://127.0.0.1:{pagePort}/");
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Recommender = new Recommender.RecommenderClient(Channel);
        Admin = new ModelAdmin.ModelAdminClient(Channel);
    }

    /// <summary>Where a browser opens the page.</summary>
    public Uri PageAddress { get; }

    /// <summary>A gRPC channel over TCP (HTTP/2), without credentials.</summary>
    public GrpcChannel Channel { get; }

    public Recommender.RecommenderClient Recommender { get; }

    public ModelAdmin.ModelAdminClient Admin { get; }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _factory.DisposeAsync();
        Directory.Delete(_clickLog, recursive: true);
    }
}
