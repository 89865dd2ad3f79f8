using ActorRec.Contracts.V1;
using ActorRec.Grains.ClickLog;
using ActorRec.Grains.OnlineMetrics;
using ActorRec.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorRec.Server.Tests.OnlineMetrics;

/// <summary>
/// Two silos sharing a Redis: ModelAdmin reports the online metrics of the whole cluster, whichever silo is asked, and
/// every click of either silo lands once in the one Redis stream.
/// </summary>
/// <remarks>Joins the server collection to reuse the model its fixture trained; the two servers are this test's own.</remarks>
[Collection(ServerCollection.Name)]
public sealed class ClusterOnlineMetricsTests(ServerFixture fixture)
{
    private const int Cutoff = 20;
    private const int Sessions = 300;

    [Fact(Timeout = 300_000)]
    public async Task Either_silo_reports_the_cluster_wide_online_metrics_and_the_shared_stream_holds_every_click_once()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var silos = await TwoSilos.StartAsync(fixture, ct);
        var (a, b) = (silos.A, silos.B);

        var runId = Clicks.NewSessionId("cluster-online");
        var replay = await SessionReplay.RunAsync(
            [a.Recommender, b.Recommender], fixture.Data.Test, [.. Enumerable.Range(0, Sessions)], runId, _ => Cutoff, streamsPerClient: 2, ct);

        // Session grains are placed on both silos, so each holds part of the counts.
        var local = new[] { a, b }.Select(s => s.Services.GetRequiredService<OnlineAccuracyWindow>().Snapshot().Single()).ToArray();
        Assert.All(local, l => Assert.True(l.Events > 0, "a silo hosted none of the sessions: this test could not tell a cluster-wide report from a local one"));

        var (version, (events, hits, reciprocalRanks)) = Assert.Single(replay.ExpectedOnlineMetrics(Cutoff));
        Assert.Equal(fixture.VersionId, version);
        Assert.Equal(events, local.Sum(l => l.Events));
        foreach (var (name, silo) in new[] { ("A", a), ("B", b) })
        {
            var reported = await silo.Admin.GetOnlineMetricsAsync(new GetOnlineMetricsRequest(), cancellationToken: ct);
            Assert.Equal((2, 0), (reported.Silos, reported.UnreachableSilos));
            var model = Assert.Single(reported.Models);
            Assert.Equal(fixture.VersionId, model.VersionId);
            Assert.True((events, hits) == (model.Events, model.Hits), $"silo {name} reports {model.Events} events and {model.Hits} hits; the clients saw {events} and {hits}");
            Assert.Equal(reciprocalRanks / events, model.Mrr, 12);
            Assert.Equal((double)hits / events, model.HitRate, 12);
        }

        // Both silos append to the one stream; every click of the run is in it once, in seq order per session.
        var log = a.Services.GetRequiredService<IClickLog>();
        Assert.IsType<RedisStreamClickLog>(log);
        var logged = (await LoggedClicks.ReadAllAsync(log, ct)).Where(c => c.SessionId.StartsWith(runId, StringComparison.Ordinal)).ToList();
        Assert.Equal(replay.ClickCount, logged.Count);
        var bySession = logged.ToLookup(c => c.SessionId);
        for (var s = 0; s < Sessions; s++)
        {
            var clicks = bySession[replay.SessionIds[s]].ToList();
            Assert.Equal(Enumerable.Range(1, replay.Items[s].Length).Select(i => (long)i), clicks.Select(c => c.Seq));
            Assert.Equal(replay.Items[s], clicks.Select(c => c.ItemId));
        }
    }
}
