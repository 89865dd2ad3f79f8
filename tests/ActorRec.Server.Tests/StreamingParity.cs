using ActorRec.Contracts.V1;
using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Gru4Rec;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Server.Tests;

/// <summary>
/// Streams test sessions click by click through the real gRPC API and checks that every answer is what the offline
/// forward pass of the same model gives, and that the served top-k reproduce the offline HitRate and MRR.
/// </summary>
internal static class StreamingParity
{
    public const int K = 20;

    /// <summary>Streams <paramref name="test"/> over four interleaved streams and compares with <paramref name="model"/> (served as <paramref name="versionId"/>).</summary>
    public static async Task AssertServedEqualsOfflineAsync(GrpcChannel channel, Gru4RecModel model, string versionId, SessionDataset test)
    {
        var vocabulary = model.Vocabulary;
        var client = new Recommender.RecommenderClient(channel);
        var runId = Guid.NewGuid().ToString("N")[..8];

        // Four streams, each interleaving its sessions click by click so that batches mix sessions.
        var served = new Recommendation[test.EventCount];
        var partitions = Enumerable.Range(0, 4).Select(p => Enumerable.Range(0, test.SessionCount).Where(s => s % 4 == p).ToArray());
        await Task.WhenAll(partitions.Select(sessions => StreamAsync(client, test, runId, sessions, served)));

        var offline = new Evaluator(new EvaluationOptions { Cutoffs = [K] }).Evaluate(model, test, TestContext.Current.CancellationToken).At(K);
        long targets = 0, hits = 0;
        double reciprocalRanks = 0;
        using var noGrad = no_grad();
        for (var s = 0; s < test.SessionCount; s++)
        {
            using var scope = NewDisposeScope();
            var hidden = model.Network.NewHidden(1, CPU);
            var items = test.SessionItems(s);
            for (var p = 0; p < items.Length; p++)
            {
                var scores = model.Step(tensor(new long[] { items[p] }), hidden);
                var (topScores, topItems) = scores[0].topk(K);
                var response = served[test.SessionOffsets[s] + p];
                Assert.True(response.Error is null, $"session {s} click {p}: {response.Error?.Message}");
                Assert.Equal(versionId, response.ModelVersion);
                AssertSameRanking(topItems.data<long>().ToArray(), topScores.data<float>().ToArray(), response, vocabulary, $"session {s} click {p}");
                if (p + 1 < items.Length)
                {
                    targets++;
                    var next = vocabulary[items[p + 1]];
                    var rank = response.Items.Select(i => i.ItemId).ToList().IndexOf(next) + 1;
                    if (rank > 0)
                    {
                        hits++;
                        reciprocalRanks += 1.0 / rank;
                    }
                }
            }
        }

        Assert.Equal(test.TargetCount, targets);
        Assert.Equal(offline.Recall, (double)hits / targets, 6);
        Assert.Equal(offline.Mrr, reciprocalRanks / targets, 6);
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

    /// <summary>
    /// Same items in the same order, scores within 1e-4. Batches of different sizes sum in different orders, so two
    /// items whose scores agree to ~1e-6 may swap; that is allowed, any other difference is not.
    /// </summary>
    private static void AssertSameRanking(long[] expectedItems, float[] expectedScores, Recommendation response, Models.Data.ItemVocabulary vocabulary, string where)
    {
        Assert.Equal(expectedItems.Length, response.Items.Count);
        for (var i = 0; i < expectedItems.Length; i++)
        {
            Assert.True(Math.Abs(expectedScores[i] - response.Items[i].Score) <= 1e-4, $"{where}: score {i} is {response.Items[i].Score}, offline {expectedScores[i]}");
            var expected = vocabulary[(int)expectedItems[i]];
            if (response.Items[i].ItemId != expected)
            {
                var swapped = response.Items.FirstOrDefault(x => x.ItemId == expected);
                Assert.True(swapped is not null && Math.Abs(swapped.Score - expectedScores[i]) <= 1e-4, $"{where}: item {i} is {response.Items[i].ItemId}, offline {expected}");
            }
        }
    }
}
