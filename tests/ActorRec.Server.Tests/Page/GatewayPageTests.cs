using System.Net;
using ActorRec.Contracts.V1;
using ActorRec.Gateway;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace ActorRec.Server.Tests.Page;

/// <summary>
/// The gateway tier serves the page too: the same mapping (ActorRec.Api), with the catalogue answered by a silo through
/// the cluster, since the gateway holds no model. The browser tests run against a silo; this checks what differs.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class GatewayPageTests(ServerFixture fixture)
{
    [Fact]
    public async Task The_gateway_serves_the_page_and_answers_its_grpc_web_calls_from_the_silos()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        await using var silo = ServerUnderTest.WithRedis(fixture.StoreDirectory, redis.ConfigurationString, new Dictionary<string, string> { ["Serving:PublicApi"] = "false", ["Cluster:ClientGateway"] = "true" });
        await silo.WaitUntilClusteredAsync(1, "silo", ct);
        await using var gateway = new WebApplicationFactory<GatewayClusterOptions>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Cluster:Redis", redis.ConfigurationString);
            web.UseSetting("Cluster:ConnectRetryDelay", "00:00:00.200");
        });

        // A silo behind a gateway has no public API, so no page either.
        using (var siloHttp = silo.CreateHttpClient())
        {
            Assert.Equal(HttpStatusCode.NotFound, (await siloHttp.GetAsync(new Uri("/", UriKind.Relative), ct)).StatusCode);
        }

        using var http = gateway.CreateClient();
        using var index = await http.GetAsync(new Uri("/", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.True(index.Headers.Contains("Content-Security-Policy"), "the gateway's page has no Content-Security-Policy");

        // gRPC-Web as a browser speaks it, through a gRPC-Web client.
        using var channel = GrpcChannel.ForAddress(gateway.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, gateway.Server.CreateHandler()) });
        var catalog = new Catalog.CatalogClient(channel);
        SearchItemsResponse? page = null;
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    page = await catalog.SearchItemsAsync(new SearchItemsRequest { Limit = 5 }, cancellationToken: ct);
                    return true;
                }
                catch (Grpc.Core.RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.FailedPrecondition)
                {
                    return false;
                }
            },
            "the gateway to answer Catalog.SearchItems from a silo with the model loaded",
            ct);
        Assert.Equal(fixture.Model.Vocabulary.Ids.Take(5), page!.ItemIds);
        Assert.Equal(fixture.Model.Vocabulary.Count, page.ItemCount);
    }
}
