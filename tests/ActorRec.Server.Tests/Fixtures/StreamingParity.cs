using ActorRec.Contracts.V1;
using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Sessions;
using ActorRec.Testing.Ranking;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>
/// Streams test sessions click by click through the real gRPC API and checks that every answer is what the offline
/// forward pass of the same model gives, and that the served top-k reproduce the offline HitRate and MRR.
/// </summary>
internal static class StreamingParity
{
    public const int K = 20;

    /// <summary>Streams <paramref name="test"/> over four interleaved streams and compares with <paramref name="model"/> (served as <paramref name="versionId"/>).</summary>
    public static async Task AssertServedEqualsOfflineAsync(GrpcChannel channel, ISessionModel model, string versionId, SessionDataset test)
    {
        var vocabulary = model.Vocabulary;
        var client = new Recommender.RecommenderClient(channel);
        var runId = Guid.NewGuid().ToString("N")[..8];

        // Four streams, each interleaving its sessions click by click so that batches mix sessions.
        var served = new Recommendation[test.EventCount];
        var partitions = Enumerable.Range(0, 4).Select(p => Enumerable.Range(0, test.SessionCount).Where(s => s % 4 == p).ToArray());
        await Task.WhenAll(partitions.Select(sessions => StreamAsync(client, test, runId, sessions, served)));

        var offline = new Evaluator(new EvaluationOptions { Cutoffs = [K] }).Evaluate(model, test, TestContext.Current.CancellationToken).At(K);
        var bounds = new MetricBounds(K);
        long hits = 0;
        double reciprocalRanks = 0;
        using var noGrad = no_grad();
        for (var s = 0; s < test.SessionCount; s++)
        {
            using var scope = NewDisposeScope();
            var hidden = model.InitialHidden(1);
            var items = test.SessionItems(s);
            for (var p = 0; p < items.Length; p++)
            {
                hidden = model.Advance(hidden, tensor(new long[] { items[p] }));
                var scores = model.ScoreAll(hidden)[0];
                var (topScores, topItems) = scores.topk(K);
                var response = served[test.SessionOffsets[s] + p];
                var where = $"session {s} click {p}";
                Assert.True(response.Error is null, $"{where}: {response.Error?.Message}");
                Assert.Equal(versionId, response.ModelVersion);
                var expected = new RankedList<string>(
                    [.. topItems.data<long>().ToArray().Select(i => vocabulary[(int)i])], topScores.data<float>().ToArray());
                TopKComparison.AssertSame(expected, RecommendationAssert.Ranked(response), ScoreTolerance.Recurrent, where);
                if (p + 1 < items.Length)
                {
                    // The target's rank is fixed by its scores except among ties, and may differ only there.
                    var rankBounds = RankBounds.Of(scores.data<float>().ToArray(), items[p + 1], ScoreTolerance.Recurrent);
                    bounds.Add(rankBounds);
                    var position = response.Items.Select(i => i.ItemId).ToList().IndexOf(vocabulary[items[p + 1]]);
                    int? rank = position < 0 ? null : position + 1;
                    Assert.True(rankBounds.Admits(rank, K), $"{where}: the target is served at rank {rank?.ToString() ?? $"> {K}"}, its scores allow {rankBounds}");
                    hits += rank is null ? 0 : 1;
                    reciprocalRanks += rank is { } r ? 1.0 / r : 0;
                }
            }
        }

        Assert.Equal(test.TargetCount, bounds.Targets);

        // A target tied with the k-th score may count as a hit in one evaluation and not in another: both the served and
        // the offline metrics must lie within the range such ties allow, which is exact when there are none.
        bounds.AssertContains((double)hits / bounds.Targets, reciprocalRanks / bounds.Targets, "served");
        bounds.AssertContains(offline.Recall, offline.Mrr, "offline evaluator");
        Assert.True(bounds.Ambiguous * 20 <= bounds.Targets, $"more than 5% of the targets tie at their rank, so the comparison says little: {bounds}");
    }

    /// <summary>The first <paramref name="count"/> sessions of <paramref name="test"/>, for a parity run shorter than the whole set.</summary>
    public static SessionDataset FirstSessions(SessionDataset test, int count)
    {
        count = Math.Min(count, test.SessionCount);
        var end = test.SessionOffsets[count];
        return new SessionDataset(
            test.Vocabulary, test.Items[..end], test.SessionOffsets[..(count + 1)], test.SessionIds[..count], test.EventTypes[..end], test.EventTypeNames);
    }

    private static async Task StreamAsync(Recommender.RecommenderClient client, Models.Data.SessionDataset test, string runId, int[] sessions, Recommendation[] served)
    {
        // Round robin over the sessions: click t of every session, then click t + 1, ...
        var order = new List<(int Session, int Position)>();
        for (var t = 0; order.Count < sessions.Sum(test.SessionLength); t++)
        {
            order.AddRange(sessions.Where(s => test.SessionLength(s) > t).Select(s => (s, t)));
        }

        using var call = client.Stream(cancellationToken: TestContext.Current.CancellationToken);
        var reader = Task.Run(async () =>
        {
            var n = 0;
            await foreach (var response in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
            {
                var (session, position) = order[n++];
                Assert.Equal($"{runId}-{session}", response.SessionId);
                Assert.Equal(position + 1, response.Seq);
                served[test.SessionOffsets[session] + position] = response;
            }

            Assert.Equal(order.Count, n);
        });
        foreach (var (session, position) in order)
        {
            await call.RequestStream.WriteAsync(new ClickEvent
            {
                SessionId = $"{runId}-{session}",
                Seq = position + 1,
                ItemId = test.Vocabulary[test.Items[test.SessionOffsets[session] + position]],
                K = K,
            });
        }

        await call.RequestStream.CompleteAsync();
        await reader;
    }
}
