using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Xunit;

namespace ActorRec.Server.Tests.OnlineMetrics;

/// <summary>
/// The online HitRate@k and MRR@k that ModelAdmin reports are exactly what the clients can compute from the answers they
/// received, and the Prometheus scrape carries the serving and online metrics.
/// </summary>
/// <remarks>
/// A server of its own, so that no other test's clicks are in its window; it joins the server collection to reuse the
/// model its fixture trained.
/// </remarks>
[Collection(ServerCollection.Name)]
public sealed class OnlineMetricsTests(ServerFixture fixture)
{
    private const int Cutoff = 20;
    private const int Sessions = 1000;

    [Fact(Timeout = 300_000)]
    public async Task The_reported_online_hit_rate_and_mrr_per_model_version_are_those_the_clients_compute_from_their_answers()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var server = new ServerUnderTest(fixture.StoreDirectory, new Dictionary<string, string>
        {
            // Far longer than the test, so that no event leaves the window while it runs.
            ["OnlineMetrics:Window"] = "01:00:00",
            ["OnlineMetrics:K"] = Cutoff.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(fixture.VersionId, await server.WaitUntilServingAsync(ct));
        var before = await server.Admin.GetOnlineMetricsAsync(new GetOnlineMetricsRequest(), cancellationToken: ct);
        Assert.Empty(before.Models);

        // Real test sessions; every fifth asks for 10 items only, so that a served list shorter than the cutoff counts too.
        var test = fixture.Data.Test;
        var sessions = Enumerable.Range(0, Math.Min(Sessions, test.SessionCount)).ToArray();
        var replay = await SessionReplay.RunAsync(
            [server.Recommender], test, sessions, Clicks.NewSessionId("online"), s => s % 5 == 0 ? 10 : Cutoff, streamsPerClient: 4, ct);

        // Retries are answered from the stored answer and count for nothing.
        for (var s = 0; s < sessions.Length; s += 7)
        {
            var retry = await server.Recommender.ClickAsync(
                Clicks.Click(replay.SessionIds[s], replay.Items[s].Length, replay.Items[s][^1], Cutoff), cancellationToken: ct);
            Assert.True(retry.Duplicate);
        }

        var reported = await server.Admin.GetOnlineMetricsAsync(new GetOnlineMetricsRequest(), cancellationToken: ct);

        var expected = replay.ExpectedOnlineMetrics(Cutoff);
        var (version, (events, hits, reciprocalRanks)) = Assert.Single(expected);
        Assert.Equal(fixture.VersionId, version);
        Assert.Equal(replay.ClickCount - sessions.Length, events);
        var model = Assert.Single(reported.Models);
        Assert.Equal(fixture.VersionId, model.VersionId);
        Assert.Equal(events, model.Events);
        Assert.Equal(hits, model.Hits);
        Assert.Equal((double)hits / events, model.HitRate, 12);
        Assert.Equal(reciprocalRanks / events, model.Mrr, 12);

        // The answers of a trained model find the next click often enough for a wrong rank to show in the numbers.
        Assert.InRange(model.HitRate, 0.2, 0.95);
        Assert.InRange(model.Mrr, 0.05, model.HitRate);
        Assert.Equal(TimeSpan.FromHours(1), reported.Window.ToTimeSpan());
        Assert.Equal(Cutoff, reported.K);
        Assert.Equal((1, 0), (reported.Silos, reported.UnreachableSilos));
        Assert.True(reported.ActiveSessions >= sessions.Length, $"{reported.ActiveSessions} active sessions after {sessions.Length} sessions clicked");

        var scrape = await server.CreateHttpClient().GetStringAsync(new Uri("/metrics", UriKind.Relative), ct);
        foreach (var name in new[]
        {
            "actorrec_online_hit_rate{", "actorrec_online_mrr{", "actorrec_online_events{", "actorrec_sessions_active",
            "actorrec_model_active{", "actorrec_session_click_duration_seconds_bucket{", "actorrec_inference_batch_size_bucket{",
            "actorrec_inference_batch_duration_seconds_bucket{", "actorrec_inference_queue_depth", "actorrec_clicklog_appends_total{",
            "actorrec_clicklog_commit_size_bucket{",
        })
        {
            Assert.True(scrape.Contains(name, StringComparison.Ordinal), $"the Prometheus scrape lacks {name}:\n{scrape}");
        }

        Assert.Contains($"model_version=\"{fixture.VersionId}\"", scrape, StringComparison.Ordinal);
    }
}
