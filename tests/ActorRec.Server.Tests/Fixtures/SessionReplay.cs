using ActorRec.Contracts.V1;
using ActorRec.Models.Data;
using Grpc.Core;
using Xunit;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>
/// Replays real test sessions click by click over gRPC streams, each stream interleaving its sessions round robin so
/// that batches mix sessions, and keeps every answer; then computes the online metrics a client sees in those answers.
/// </summary>
internal sealed class SessionReplay
{
    private SessionReplay(string[] sessionIds, string[][] items, int[] k, Recommendation[][] answers)
    {
        SessionIds = sessionIds;
        Items = items;
        K = k;
        Answers = answers;
    }

    public string[] SessionIds { get; }

    /// <summary>The items each session clicked, seq 1 first.</summary>
    public string[][] Items { get; }

    /// <summary>The k each session asked for.</summary>
    public int[] K { get; }

    /// <summary>The answers each session got, in seq order.</summary>
    public Recommendation[][] Answers { get; }

    public int ClickCount => Items.Sum(i => i.Length);

    /// <summary>
    /// Streams <paramref name="sessions"/> of <paramref name="test"/>, spread over <paramref name="clients"/> (one stream per
    /// client and partition) with session ids prefixed by <paramref name="runId"/>, asking for <paramref name="k"/>(session) items.
    /// </summary>
    public static async Task<SessionReplay> RunAsync(
        IReadOnlyList<Recommender.RecommenderClient> clients, SessionDataset test, int[] sessions, string runId, Func<int, int> k, int streamsPerClient, CancellationToken cancellationToken)
    {
        var sessionIds = sessions.Select(s => $"{runId}-{s}").ToArray();
        var items = sessions.Select(s => test.SessionItems(s).ToArray().Select(i => test.Vocabulary[i]).ToArray()).ToArray();
        var ks = sessions.Select(k).ToArray();
        var answers = items.Select(i => new Recommendation[i.Length]).ToArray();
        var streams = clients.Count * streamsPerClient;
        await Task.WhenAll(Enumerable.Range(0, streams).Select(p => StreamAsync(
            clients[p % clients.Count], Enumerable.Range(0, sessions.Length).Where(s => s % streams == p).ToArray(), sessionIds, items, ks, answers, cancellationToken)));
        return new SessionReplay(sessionIds, items, ks, answers);
    }

    /// <summary>
    /// The online metrics as the clients see them: for every click after a session's first, the rank of its item
    /// among the first <paramref name="cutoff"/> items of the answer to the previous click, under that answer's version.
    /// </summary>
    public Dictionary<string, (long Events, long Hits, double ReciprocalRankSum)> ExpectedOnlineMetrics(int cutoff)
    {
        var expected = new Dictionary<string, (long Events, long Hits, double ReciprocalRankSum)>(StringComparer.Ordinal);
        for (var s = 0; s < Items.Length; s++)
        {
            for (var t = 1; t < Items[s].Length; t++)
            {
                var previous = Answers[s][t - 1];
                var rank = previous.Items.Take(cutoff).Select(i => i.ItemId).ToList().IndexOf(Items[s][t]) + 1;
                var (events, hits, sum) = expected.GetValueOrDefault(previous.ModelVersion);
                expected[previous.ModelVersion] = (events + 1, hits + (rank > 0 ? 1 : 0), sum + (rank > 0 ? 1.0 / rank : 0));
            }
        }

        return expected;
    }

    private static async Task StreamAsync(
        Recommender.RecommenderClient client, int[] mine, string[] sessionIds, string[][] items, int[] ks, Recommendation[][] answers, CancellationToken cancellationToken)
    {
        // Round robin: click t of every session of this stream, then click t + 1, ...
        var order = new List<(int Session, int Position)>();
        for (var t = 0; order.Count < mine.Sum(s => items[s].Length); t++)
        {
            order.AddRange(mine.Where(s => items[s].Length > t).Select(s => (s, t)));
        }

        using var call = client.Stream(cancellationToken: cancellationToken);
        var reader = Task.Run(
            async () =>
            {
                var n = 0;
                await foreach (var answer in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    var (session, position) = order[n++];
                    Assert.True(answer.Error is null, $"{sessionIds[session]} seq {position + 1}: in-band error {answer.Error?.Code} {answer.Error?.Message}");
                    Assert.Equal(sessionIds[session], answer.SessionId);
                    Assert.Equal(position + 1, answer.Seq);
                    Assert.False(answer.Duplicate, $"{sessionIds[session]} seq {position + 1} was answered as a duplicate");
                    answers[session][position] = answer;
                }

                Assert.Equal(order.Count, n);
            },
            cancellationToken);
        foreach (var (session, position) in order)
        {
            await call.RequestStream.WriteAsync(Clicks.Click(sessionIds[session], position + 1, items[session][position], ks[session]), cancellationToken);
        }

        await call.RequestStream.CompleteAsync();
        await reader;
    }
}
