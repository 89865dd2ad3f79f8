using ActorRec.Contracts.V1;
using ActorRec.Grains.Sessions;
using ActorRec.Server.Tests.Fixtures;
using ActorRec.Testing.Ranking;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace ActorRec.Server.Tests.Serving;

/// <summary>Activating another model version while sessions stream clicks loses no request and moves each session over exactly once.</summary>
[Collection(ServerCollection.Name)]
public sealed class HotSwapTests(ServerFixture server)
{
    private const int K = 20;
    private const int Sessions = 8;

    /// <summary>Answers every session has had from the first version before the swap starts.</summary>
    private const int AnswersBeforeSwap = 20;

    /// <summary>Answers every session gets from the second version before it stops clicking.</summary>
    private const int AnswersAfterSwap = 30;

    /// <summary>Bounds the loop should the second version never serve; far above what a swap takes.</summary>
    private const int MaxClicks = 3000;

    /// <summary>Clicks a stream may have sent ahead of its answers.</summary>
    private const int Window = 4;

    /// <summary>
    /// The bound for these sessions' answers against their references: they run 50 to 70 steps in batches of changing
    /// size while the references step one click at a time, and rounding differences grow with every step (1.4e-4 of a
    /// score seen once on the last click, past <see cref="ScoreTolerance.Recurrent"/>). A session served from a wrong
    /// hidden state or model moves scores by tenths.
    /// </summary>
    private static readonly ScoreTolerance LongSession = new(1e-3f);

    [Fact(Timeout = 300_000)]
    public async Task Activating_another_version_under_load_fails_no_click_and_moves_each_session_once_replaying_its_history_under_the_new_model()
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var client = new Recommender.RecommenderClient(server.Channel);
        var admin = new ModelAdmin.ModelAdminClient(server.Channel);
        var (first, second) = (server.VersionId, server.SecondVersionId);
        var historyCap = server.Services.GetRequiredService<IOptions<SessionGrainOptions>>().Value.HistoryCap;
        var pool = Clicks.KnownItems(server, 400);
        await server.WaitUntilActiveAsync(first, ct);
        var idleItems = pool[..5];
        var idle = await Clicks.ReferenceAsync(client, "hot-swap-idle", idleItems, K, ct);
        var runs = Enumerable.Range(0, Sessions).Select(s => new SessionRun(Clicks.NewSessionId($"hot-swap-{s}"), pool, offset: 37 * s, second)).ToArray();
        try
        {
            var streaming = Task.WhenAll(runs.Select(run => run.StreamAsync(client, ct)));
            await Eventually.Within(Task.WhenAny(Task.WhenAll(runs.Select(r => r.ReadyForSwap)), streaming).Unwrap(), $"{AnswersBeforeSwap} answers in every session");
            Assert.False(streaming.IsCompleted, "the sessions stopped before the swap");

            var activated = await admin.ActivateModelAsync(new ActivateModelRequest { VersionId = second }, cancellationToken: ct);
            await Eventually.Within(streaming, $"{AnswersAfterSwap} answers from the new version in every session");

            Assert.Equal(second, activated.VersionId);
            Assert.True(activated.Active);
            foreach (var run in runs)
            {
                var moved = AssertMovedOnceFromTo(run, first, second);

                // The answer to the first click on the new version is the one the new model gives a session that
                // clicked the kept history (the last HistoryCap items before it, then this one) from the start; the
                // session then goes on from that state.
                var start = Math.Max(0, moved - historyCap);
                var reference = await Clicks.ReferenceAsync(client, "hot-swap-reference", run.Items[start..], K, ct);
                RecommendationAssert.SameRanking(reference[moved - start], run.Answers[moved], $"{run.SessionId} seq {moved + 1}, replayed after the swap", LongSession);
                RecommendationAssert.SameRanking(reference[^1], run.Answers[^1], $"{run.SessionId} seq {run.Answers.Count}, the last click", LongSession);
            }

            // A session that sat out the swap is rebuilt under the new model when it is next asked, even without a click.
            var peek = await client.GetRecommendationsAsync(new GetRecommendationsRequest { SessionId = idle[0].SessionId, K = K }, cancellationToken: ct);
            var idleReference = await Clicks.ReferenceAsync(client, "hot-swap-idle-reference", idleItems, K, ct);
            Assert.True(peek.Replayed, "the recommendations of a session idle during the swap were served without replaying it");
            Assert.Equal(idleItems.Length, peek.Seq);
            RecommendationAssert.SameRanking(idleReference[^1], peek, "a session idle during the swap");

            // Every comparison above is only as sharp as the two versions are different.
            Assert.True(
                idle[^1].Items.Zip(peek.Items).Any(p => p.First.ItemId != p.Second.ItemId || Math.Abs(p.First.Score - p.Second.Score) > 0.01),
                "the two versions answer the same session alike: this test could not tell a session served by the wrong one");
        }
        finally
        {
            // The other tests of the collection expect the fixture's model.
            await admin.ActivateModelAsync(new ActivateModelRequest { VersionId = first }, cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>Asserts the run's answers are all good, from the first version up to one point and from the second after it; returns that point.</summary>
    private static int AssertMovedOnceFromTo(SessionRun run, string first, string second)
    {
        Assert.Equal(run.Items.Count, run.Answers.Count);
        var moved = run.Answers.FindIndex(a => a.ModelVersion == second);
        Assert.True(moved >= AnswersBeforeSwap, $"{run.SessionId}: first answer from {second} at seq {moved + 1}");
        for (var i = 0; i < run.Answers.Count; i++)
        {
            var answer = run.Answers[i];
            var where = $"{run.SessionId} seq {i + 1} of {run.Answers.Count}";
            Assert.True(answer.Error is null, $"{where}: in-band error {answer.Error?.Code} {answer.Error?.Message}");
            Assert.Equal(i + 1, answer.Seq);
            Assert.False(answer.Duplicate, $"{where}: answered as a duplicate");
            Assert.Equal(K, answer.Items.Count);
            Assert.True(answer.ModelVersion == (i < moved ? first : second), $"{where}: served by {answer.ModelVersion}; the session moved to {second} at seq {moved + 1}");
            Assert.True(answer.Replayed == (i == moved), $"{where}: replayed = {answer.Replayed}; only seq {moved + 1}, the first on {second}, replays");
        }

        return moved;
    }

    /// <summary>One session clicking on a stream of its own until the second version has answered it often enough.</summary>
    private sealed class SessionRun(string sessionId, string[] pool, int offset, string second)
    {
        private readonly TaskCompletionSource _readyForSwap = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _window = new(Window);
        private int _answersAfterSwap;

        public string SessionId { get; } = sessionId;

        /// <summary>The items clicked, seq 1 first.</summary>
        public List<string> Items { get; } = [];

        public List<Recommendation> Answers { get; } = [];

        public Task ReadyForSwap => _readyForSwap.Task;

        public async Task StreamAsync(Recommender.RecommenderClient client, CancellationToken cancellationToken)
        {
            using var call = client.Stream(cancellationToken: cancellationToken);
            var reading = ReadAsync(call.ResponseStream, cancellationToken);
            while (Volatile.Read(ref _answersAfterSwap) < AnswersAfterSwap && Items.Count < MaxClicks && !reading.IsCompleted)
            {
                // A reader that failed frees no more slots: stop writing and let awaiting it report why.
                var slot = _window.WaitAsync(cancellationToken);
                if (await Task.WhenAny(slot, reading) != slot)
                {
                    break;
                }

                var item = pool[(offset + Items.Count) % pool.Length];
                Items.Add(item);
                await call.RequestStream.WriteAsync(Clicks.Click(SessionId, Items.Count, item, K), cancellationToken);
            }

            await call.RequestStream.CompleteAsync();
            await reading;
        }

        private async Task ReadAsync(IAsyncStreamReader<Recommendation> responses, CancellationToken cancellationToken)
        {
            await foreach (var answer in responses.ReadAllAsync(cancellationToken))
            {
                Answers.Add(answer);
                if (Answers.Count == AnswersBeforeSwap)
                {
                    _readyForSwap.TrySetResult();
                }

                if (answer.ModelVersion == second)
                {
                    Interlocked.Increment(ref _answersAfterSwap);
                }

                _window.Release();
            }
        }
    }
}
