using ActorRec.Client;
using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using ActorRec.Testing.Ranking;
using Grpc.Core;
using Xunit;

namespace ActorRec.Server.Tests.Cluster;

/// <summary>
/// The gateway tier: a stateless process on the Orleans client serves the whole public API for silos that expose none,
/// with the same answers a silo gives.
/// </summary>
/// <remarks>Joins the server collection to reuse its models and its server as the reference; the silo, its Redis and the gateway are this test's own.</remarks>
[Collection(ServerCollection.Name)]
public sealed class GatewayTests(ServerFixture fixture)
{
    private const int K = 20;
    private const int ClickCount = 12;

    /// <summary>Both sides step one session at a time: batches of one, the same kernels, so scores agree closely.</summary>
    private static readonly ScoreTolerance BatchOfOne = new(1e-5f);

    [Fact]
    public async Task A_gateway_serves_the_API_of_silos_that_have_none_of_their_own()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        await using var silo = ServerUnderTest.WithRedis(fixture.StoreDirectory, redis.ConfigurationString, new Dictionary<string, string> { ["Serving:PublicApi"] = "false", ["Cluster:ClientGateway"] = "true" });
        await silo.WaitUntilClusteredAsync(1, "silo", ct);
        await using var gateway = new GatewayUnderTest(redis.ConfigurationString);
        await gateway.WaitUntilReadyAsync(ct);

        // The silo keeps health and metrics but no public service.
        var direct = await Assert.ThrowsAsync<RpcException>(async () => await silo.Recommender.ClickAsync(Clicks.Click("direct", 1, "1", K), cancellationToken: ct));
        Assert.Equal(StatusCode.Unimplemented, direct.StatusCode);

        // ModelAdmin through the gateway: activation, listing, and the cluster-wide questions answered inside the cluster.
        var activated = await gateway.Admin.ActivateModelAsync(new ActivateModelRequest { VersionId = fixture.VersionId }, cancellationToken: ct);
        Assert.Equal(fixture.VersionId, activated.VersionId);
        await silo.WaitUntilLoadedAsync("silo", fixture.VersionId, ct);
        var listed = await gateway.Admin.ListModelsAsync(new ListModelsRequest(), cancellationToken: ct);
        Assert.Contains(listed.Models, m => m.VersionId == fixture.SecondVersionId);
        var online = await gateway.Admin.GetOnlineMetricsAsync(new GetOnlineMetricsRequest(), cancellationToken: ct);
        Assert.Equal((1, 0), (online.Silos, online.UnreachableSilos));
        var retrain = await Assert.ThrowsAsync<RpcException>(async () => await gateway.Admin.TriggerRetrainAsync(new TriggerRetrainRequest(), cancellationToken: ct));
        Assert.Equal(StatusCode.FailedPrecondition, retrain.StatusCode);
        Assert.Contains("Training:Enabled", retrain.Status.Detail, StringComparison.Ordinal);

        // Clicks through the gateway get the answers the fixture's own silo gives for the same items.
        await fixture.WaitUntilActiveAsync(fixture.VersionId, ct);
        var items = Clicks.KnownItems(fixture, ClickCount);
        var reference = await Clicks.ReferenceAsync(new Recommender.RecommenderClient(fixture.Channel), "gateway-reference", items, K, ct);
        var before = ClickOrigins.Of(silo);
        var sessionId = Clicks.NewSessionId("gateway");
        for (var i = 0; i < items.Length; i++)
        {
            var answer = await gateway.Recommender.ClickAsync(Clicks.Click(sessionId, i + 1, items[i], K), cancellationToken: ct);
            Assert.Equal(i + 1, answer.Seq);
            Assert.Equal(fixture.VersionId, answer.ModelVersion);
            RecommendationAssert.SameRanking(reference[i], answer, $"seq {i + 1} through the gateway", BatchOfOne);
        }

        // The silo counted them as entering through the gateway tier.
        Assert.Equal(new ClickOrigins(0, 0, ClickCount), ClickOrigins.Of(silo) - before);

        // The typed client's pipelined stream works through the gateway as through a silo.
        using var client = new ActorRecClient([gateway.Channel], new ActorRecClientOptions { K = K });
        var streamed = client.StartSession(Clicks.NewSessionId("gateway-stream"));
        var answers = await Task.WhenAll(items.Take(5).Select(item => streamed.ClickAsync(item)));
        await streamed.CompleteAsync();
        Assert.Equal([1L, 2, 3, 4, 5], answers.Select(a => a.Seq));
        Assert.All(answers, a => Assert.False(a.Duplicate));
    }
}
