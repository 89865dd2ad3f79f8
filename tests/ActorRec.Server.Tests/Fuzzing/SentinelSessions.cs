using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Xunit;

namespace ActorRec.Server.Tests.Fuzzing;

/// <summary>
/// Sessions created before the fuzzing and never addressed by it: afterwards they must answer with the same latest seq
/// and the same top k, or the fuzzer reached into state that was not its own.
/// </summary>
internal sealed class SentinelSessions
{
    private const int K = 20;
    private const int ClicksEach = 3;

    private readonly Recommender.RecommenderClient _client;
    private readonly List<(string SessionId, Recommendation Before)> _sessions = [];

    private SentinelSessions(Recommender.RecommenderClient client) => _client = client;

    public static async Task<SentinelSessions> CreateAsync(ServerFixture server, int count, CancellationToken cancellationToken)
    {
        var sentinels = new SentinelSessions(new Recommender.RecommenderClient(server.Channel));
        var items = Clicks.KnownItems(server, count + ClicksEach);
        for (var s = 0; s < count; s++)
        {
            var sessionId = Clicks.NewSessionId("fuzz-sentinel");
            for (var seq = 1; seq <= ClicksEach; seq++)
            {
                await sentinels._client.ClickAsync(Clicks.Click(sessionId, seq, items[s + seq - 1], K), cancellationToken: cancellationToken);
            }

            sentinels._sessions.Add((sessionId, await sentinels.CurrentAsync(sessionId, cancellationToken)));
        }

        return sentinels;
    }

    public async Task AssertUnchangedAsync(CancellationToken cancellationToken)
    {
        foreach (var (sessionId, before) in _sessions)
        {
            var after = await CurrentAsync(sessionId, cancellationToken);
            Assert.True(after.Seq == ClicksEach, $"sentinel {sessionId}: latest seq {after.Seq}, expected {ClicksEach}");
            RecommendationAssert.SameRanking(before, after, $"sentinel {sessionId} after the fuzzing");
        }
    }

    private Task<Recommendation> CurrentAsync(string sessionId, CancellationToken cancellationToken) =>
        _client.GetRecommendationsAsync(new GetRecommendationsRequest { SessionId = sessionId, K = K }, cancellationToken: cancellationToken).ResponseAsync;
}
