using ActorRec.Abstractions;
using ActorRec.Grains.OnlineMetrics;
using Microsoft.Extensions.Options;
using Xunit;

namespace ActorRec.Grains.Tests.OnlineMetrics;

public sealed class OnlineAccuracyWindowTests
{
    private static readonly ScoredItem[] Served = [new("a", 0.9f), new("b", 0.8f), new("c", 0.7f), new("d", 0.6f)];

    [Theory]
    [InlineData("a", 4, 1)]
    [InlineData("c", 4, 3)]
    [InlineData("d", 3, 0)]
    [InlineData("z", 4, 0)]
    [InlineData("d", 100, 4)]
    public void The_rank_is_the_1_based_place_among_the_first_k_served_and_0_outside(string item, int k, int rank) =>
        Assert.Equal(rank, OnlineAccuracyWindow.RankOf(Served, item, k));

    [Fact]
    public void Hit_rate_and_mrr_are_kept_per_model_version_of_the_previous_answer()
    {
        var window = Window(new ManualTimeProvider(), k: 3);
        var v1 = Answer("v1");
        window.RecordNextClick(v1, "a");
        window.RecordNextClick(v1, "c");
        window.RecordNextClick(v1, "d");
        window.RecordNextClick(v1, "z");
        window.RecordNextClick(Answer("v2"), "b");

        // An answer no model produced (none was active) is not anyone's to count.
        window.RecordNextClick(Answer(""), "a");

        var snapshot = window.Snapshot();
        Assert.Equal(["v1", "v2"], snapshot.Select(m => m.ModelVersion));
        var first = snapshot[0];
        Assert.Equal((4L, 2L), (first.Events, first.Hits));
        Assert.Equal(0.5, first.HitRate, 12);
        Assert.Equal((1 + (1 / 3.0)) / 4, first.Mrr, 12);
        Assert.Equal(new OnlineVersionMetrics("v2", 1, 1, 0.5), snapshot[1]);
    }

    [Fact]
    public void Events_leave_the_window_once_it_has_slid_past_them_and_a_version_without_events_is_dropped()
    {
        var time = new ManualTimeProvider();
        var window = Window(time, k: 20, span: TimeSpan.FromMinutes(10), buckets: 10);
        window.Record("old", rank: 1);
        time.Advance(TimeSpan.FromMinutes(5));
        window.Record("new", rank: 0);
        window.Record("old", rank: 2);

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal([new("old", 2, 2, 1.5), new("new", 1, 0, 0)], window.Snapshot());

        // Ten minutes after the first event its bucket has left the window; the later ones are still in it.
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([new("new", 1, 0, 0), new("old", 1, 1, 0.5)], window.Snapshot());

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(window.Snapshot());
    }

    [Fact]
    public async Task Concurrent_recorders_lose_no_event()
    {
        var window = Window(new ManualTimeProvider(), k: 20);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(
            () =>
            {
                for (var i = 0; i < 10_000; i++)
                {
                    window.Record(t % 2 == 0 ? "even" : "odd", i % 4);
                }
            },
            TestContext.Current.CancellationToken)));

        var snapshot = window.Snapshot();
        Assert.All(snapshot, m => Assert.Equal((40_000L, 30_000L), (m.Events, m.Hits)));
        Assert.Equal(2, snapshot.Length);
    }

    [Fact]
    public void Silo_snapshots_merge_by_adding_counts_so_that_rates_are_those_of_all_events()
    {
        var window = TimeSpan.FromMinutes(10);
        var a = new OnlineMetricsSnapshot([new("v1", 10, 5, 2.5), new("v2", 2, 2, 2)], window, 20, ActiveSessions: 3, Silos: 1, UnreachableSilos: 0);
        var b = new OnlineMetricsSnapshot([new("v1", 30, 3, 1)], window, 20, ActiveSessions: 4, Silos: 1, UnreachableSilos: 0);

        var merged = ClusterOnlineMetrics.Merge([a, b], unreachableSilos: 1);

        Assert.Equal([new("v1", 40, 8, 3.5), new("v2", 2, 2, 2)], merged.Versions);
        Assert.Equal(0.2, merged.Versions[0].HitRate, 12);
        Assert.Equal(3.5 / 40, merged.Versions[0].Mrr, 12);
        Assert.Equal((window, 20, 7L, 2, 1), (merged.Window, merged.K, merged.ActiveSessions, merged.Silos, merged.UnreachableSilos));
    }

    private static OnlineAccuracyWindow Window(TimeProvider time, int k, TimeSpan? span = null, int buckets = 60) =>
        new(Options.Create(new OnlineMetricsOptions { K = k, Window = span ?? TimeSpan.FromMinutes(10), WindowBuckets = buckets }), time);

    private static SessionRecommendation Answer(string version) => new("s", 1, Served, version, false, false, false, 1);
}
