using ActorRec.Contracts.V1;
using ActorRec.Grains.Inference;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorRec.Server.Tests.Serving;

/// <summary>Concurrent sessions share model steps; a lone client is never held back to wait for company it does not have.</summary>
[Collection(ServerCollection.Name)]
public sealed class BatchingTests(ServerFixture server)
{
    private const int K = 10;

    [Fact]
    public async Task A_single_client_clicking_one_at_a_time_is_served_in_batches_of_one()
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var client = new Recommender.RecommenderClient(server.Channel);
        var engine = server.Services.GetRequiredService<BatchingEngine>();
        var items = Clicks.KnownItems(server, 30);
        var (batchesBefore, requestsBefore) = (engine.TotalBatches, engine.TotalRequests);

        var answers = await Clicks.ReferenceAsync(client, "sequential", items, K, ct);

        Assert.All(answers, (a, i) => Assert.True(a.BatchSize == 1, $"click {i + 1} ran in a batch of {a.BatchSize}"));
        Assert.Equal(items.Length, engine.TotalRequests - requestsBefore);
        Assert.Equal(items.Length, engine.TotalBatches - batchesBefore);
    }

    [Fact(Timeout = 120_000)]
    public async Task Many_concurrent_streams_share_model_steps()
    {
        const int Streams = 8;
        const int SessionsPerStream = 4;
        const int ClicksPerSession = 25;
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var client = new Recommender.RecommenderClient(server.Channel);
        var engine = server.Services.GetRequiredService<BatchingEngine>();
        var items = Clicks.KnownItems(server, 200);
        var (batchesBefore, requestsBefore) = (engine.TotalBatches, engine.TotalRequests);

        var answers = (await Eventually.Within(
            Task.WhenAll(Enumerable.Range(0, Streams).Select(s => StreamAsync(client, s, SessionsPerStream, ClicksPerSession, items, ct))),
            "every stream's answers")).SelectMany(a => a).ToArray();

        var clicks = Streams * SessionsPerStream * ClicksPerSession;
        Assert.Equal(clicks, answers.Length);
        Assert.All(answers, a => Assert.True(a.Error is null && a.Items.Count == K, $"{a.SessionId} seq {a.Seq}: {a.Error?.Message ?? $"{a.Items.Count} items"}"));
        var meanBatchSize = answers.Average(a => a.BatchSize);
        Assert.True(meanBatchSize > 1, $"mean batch size {meanBatchSize:F2} over {clicks} concurrent clicks: every click ran alone");

        // The engine's own count agrees: one request per click, fewer model steps than requests.
        var requests = engine.TotalRequests - requestsBefore;
        var batches = engine.TotalBatches - batchesBefore;
        Assert.Equal(clicks, requests);
        Assert.True(batches < requests, $"{batches} model steps for {requests} requests");
    }

    /// <summary>Sessions of one stream clicking in turn, all clicks written ahead of the answers.</summary>
    private static async Task<List<Recommendation>> StreamAsync(Recommender.RecommenderClient client, int stream, int sessions, int clicks, string[] items, CancellationToken cancellationToken)
    {
        var sessionIds = Enumerable.Range(0, sessions).Select(s => Clicks.NewSessionId($"batching-{stream}-{s}")).ToArray();
        using var call = client.Stream(cancellationToken: cancellationToken);
        var reading = call.ResponseStream.ReadAllAsync(cancellationToken).ToListAsync(cancellationToken).AsTask();
        for (var seq = 1; seq <= clicks; seq++)
        {
            for (var s = 0; s < sessions; s++)
            {
                var item = items[((stream * sessions) + s + (seq * 7)) % items.Length];
                await call.RequestStream.WriteAsync(Clicks.Click(sessionIds[s], seq, item, K), cancellationToken);
            }
        }

        await call.RequestStream.CompleteAsync();
        return await reading;
    }
}
