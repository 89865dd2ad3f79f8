using System.Text;
using ActorRec.Contracts.V1;
using ActorRec.Models.Data;
using ActorRec.Server.Tests.Fixtures;
using ActorRec.Testing.Ranking;
using StackExchange.Redis;
using Xunit;

namespace ActorRec.Server.Tests.Cluster;

/// <summary>With Redis configured, sessions outlive the server process: a restart changes no answer.</summary>
/// <remarks>
/// Joins the server collection only to reuse the model its fixture trained; the servers under test are this
/// test's own, so that one of them can be stopped with everything it held in memory.
/// </remarks>
[Collection(ServerCollection.Name)]
public sealed class RedisRestartTests(ServerFixture fixture)
{
    private const int K = 20;
    private const int Sessions = 8;
    private const int MinSessionLength = 6;
    /// <summary>Both sides step one session at a time: batches of one, the same kernels, so scores agree closely.</summary>
    private static readonly ScoreTolerance BatchOfOne = new(1e-5f);

    /// <summary>A stored answer comes back bit for bit.</summary>
    private static readonly ScoreTolerance Stored = new(0f);

    [Fact]
    public async Task A_session_continued_after_a_full_server_restart_gets_exactly_the_answers_it_would_have_got_without_the_restart()
    {
        fixture.RequireServer();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(cancellationToken);
        var sessions = RealTestSessions(fixture.Data.Test);
        var runId = Guid.NewGuid().ToString("N")[..8];
        string SessionId(int s) => $"{runId}-{s}";

        // Server A: the first half of every session, then a stop that takes all of A's memory with it.
        var firstHalves = new Recommendation[Sessions][];
        await using (var a = ServerUnderTest.WithRedis(fixture.StoreDirectory, redis.ConfigurationString))
        {
            // The shared store may hold newer versions than the fixture's: pin it, so that B can only serve it by
            // reading the registry back from Redis.
            await a.WaitUntilServingAsync(cancellationToken);
            await a.Admin.ActivateModelAsync(new ActivateModelRequest { VersionId = fixture.VersionId }, cancellationToken: cancellationToken);
            for (var s = 0; s < Sessions; s++)
            {
                firstHalves[s] = await ClickAsync(a.Recommender, SessionId(s), sessions[s], 1, Half(sessions[s]), cancellationToken);
            }
        }

        // The state is in Redis, not in some memory a silently chosen in-memory provider would have lost anyway.
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConfigurationString))
        {
            var keys = new List<string>();
            await foreach (var key in connection.GetServer(connection.GetEndPoints()[0]).KeysAsync(pattern: "*"))
            {
                keys.Add(key.ToString());
            }

            Assert.True(keys.Count > Sessions, $"Redis holds {keys.Count} keys, expected one per session and one for the registry.");
            for (var s = 0; s < Sessions; s++)
            {
                Assert.True(keys.Any(k => k.Contains(SessionId(s), StringComparison.Ordinal)), $"No Redis key for session {SessionId(s)} among: {string.Join(", ", keys)}");
            }

            Assert.True(keys.Any(k => k.Contains("registry", StringComparison.Ordinal)), $"No Redis key for the model registry among: {string.Join(", ", keys)}");

            // Stored with the Orleans serializer, whose contract is [Alias] and [Id]; JSON would name CLR types, so
            // that moving a type to another namespace would make every stored session unreadable. The cluster
            // membership table ("{ServiceId}/members/{ClusterId}") is the clustering provider's own JSON, not grain state,
            // and the click-log stream holds logged clicks, not grain state.
            foreach (var key in keys.Where(k => !k.Contains("/members/", StringComparison.Ordinal) && k != new Grains.ClickLog.ClickLogOptions().StreamKey))
            {
                var fields = await connection.GetDatabase().HashGetAllAsync(key);
                var stored = string.Concat(fields.Select(f => Encoding.UTF8.GetString((byte[])f.Value!)));
                Assert.False(stored.Contains("ActorRec.", StringComparison.Ordinal), $"{key} names a CLR type: {stored}");
            }
        }

        // Server B: same Redis, same model store, nothing else in common with A.
        await using var b = ServerUnderTest.WithRedis(fixture.StoreDirectory, redis.ConfigurationString);
        Assert.Equal(fixture.VersionId, await b.WaitUntilServingAsync(cancellationToken));

        // A retry of the last click A applied is answered from the stored last response.
        for (var s = 0; s < Sessions; s++)
        {
            var half = Half(sessions[s]);
            var retry = await b.Recommender.ClickAsync(Click(SessionId(s), half, sessions[s][half - 1]), cancellationToken: cancellationToken);
            Assert.True(retry.Duplicate, $"session {s}: the retry of seq {half} on the restarted server was applied again instead of answered as a duplicate");
            Assert.Equal(firstHalves[s][^1].Seq, retry.Seq);
            RecommendationAssert.SameRanking(firstHalves[s][^1], retry, $"session {s} retry of seq {half}", Stored);
        }

        var continued = new Recommendation[Sessions][];
        for (var s = 0; s < Sessions; s++)
        {
            continued[s] = await ClickAsync(b.Recommender, SessionId(s), sessions[s], Half(sessions[s]) + 1, sessions[s].Length, cancellationToken);
        }

        // Control: the same click sequences in full on fresh sessions, which no restart ever interrupted.
        var control = new Recommendation[Sessions][];
        for (var s = 0; s < Sessions; s++)
        {
            control[s] = await ClickAsync(b.Recommender, $"{runId}-control-{s}", sessions[s], 1, sessions[s].Length, cancellationToken);
        }

        for (var s = 0; s < Sessions; s++)
        {
            var half = Half(sessions[s]);
            for (var p = 0; p < sessions[s].Length; p++)
            {
                var served = p < half ? firstHalves[s][p] : continued[s][p - half];
                var where = $"session {s} seq {p + 1} ({(p < half ? "before" : "after")} the restart)";
                Assert.Equal(control[s][p].Seq, served.Seq);
                Assert.True(control[s][p].UnknownItem == served.UnknownItem, $"{where}: unknown item {served.UnknownItem}");
                RecommendationAssert.SameRanking(control[s][p], served, where, BatchOfOne);
                Assert.Equal(fixture.VersionId, served.ModelVersion);
                Assert.False(served.Replayed, $"session {s} seq {p + 1}: the state was rebuilt from the history, so the stored hidden state was not used");
                Assert.False(served.Duplicate, $"session {s} seq {p + 1}: a new click was answered as a duplicate");
            }
        }
    }

    /// <summary>The first sessions of the real test set long enough to be split in two halves of three clicks or more.</summary>
    private static string[][] RealTestSessions(SessionDataset test)
    {
        var sessions = Enumerable.Range(0, test.SessionCount)
            .Where(s => test.SessionLength(s) >= MinSessionLength)
            .Take(Sessions)
            .Select(s => test.SessionItems(s).ToArray().Select(i => test.Vocabulary[i]).ToArray())
            .ToArray();
        Assert.True(sessions.Length == Sessions, $"The test set has {sessions.Length} sessions of {MinSessionLength} clicks or more, the test needs {Sessions}.");
        return sessions;
    }

    private static int Half(string[] items) => items.Length / 2;

    /// <summary>
    /// Clicks <paramref name="first"/>..<paramref name="last"/> (1-based seqs) one at a time. Sequential clicks run as
    /// batches of one on both sides of the comparison; concurrent ones would batch differently and sum in a
    /// different order, a difference unrelated to the restart.
    /// </summary>
    private static async Task<Recommendation[]> ClickAsync(Recommender.RecommenderClient client, string sessionId, string[] items, int first, int last, CancellationToken cancellationToken)
    {
        var answers = new Recommendation[last - first + 1];
        for (var seq = first; seq <= last; seq++)
        {
            var answer = await client.ClickAsync(Click(sessionId, seq, items[seq - 1]), cancellationToken: cancellationToken);
            Assert.True(answer.Error is null, $"{sessionId} seq {seq}: {answer.Error?.Message}");
            Assert.Equal(seq, answer.Seq);
            answers[seq - first] = answer;
        }

        return answers;
    }

    // Excluding seen items makes every answer depend on the stored history as well as on the stored hidden state.
    private static ClickEvent Click(string sessionId, long seq, string itemId) =>
        new() { SessionId = sessionId, Seq = seq, ItemId = itemId, K = K, ExcludeSeen = true };
}
