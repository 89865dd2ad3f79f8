extern alias cli;
using System.Diagnostics;
using ActorRec.Models.Data;
using ActorRec.Server.Tests.Fixtures;
using cli::ActorRec.Cli.LoadTest;
using Xunit;

namespace ActorRec.Server.Tests.Cluster;

/// <summary>`actorrec loadtest --mode client`: sessions replayed through ActorRec.Client against the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class LoadTestClientModeTests(ServerFixture fixture)
{
    [Fact]
    public async Task Client_mode_replays_real_sessions_through_the_typed_client_and_counts_every_acknowledged_click()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var items = Clicks.KnownItems(fixture, 12);
        var records = new List<ClickRecord>();
        for (var i = 0; i < items.Length; i++)
        {
            records.Add(new ClickRecord($"s{i / 4}", items[i], i, EventTypes.Click, i + 1));
        }

        var corpus = ReplayCorpus.FromLog(new ClickLog("test", records, [], hasTimestamps: true));
        var options = new LoadTestOptions { Mode = LoadMode.Client, Streams = 1, WarmupSeconds = 0, DurationSeconds = 0.5, K = 10 };
        var sessions = new SessionSource(corpus, SessionSource.NewRunId());
        var window = MeasurementWindow.From(Stopwatch.GetTimestamp(), options, Stopwatch.Frequency);
        var recorder = new StreamRecorder(Stopwatch.Frequency);

        await Eventually.Within(new ClientWorker([fixture.Channel], options, sessions, window, recorder).RunAsync(ct), "the client-mode worker to stop by itself after its window");

        // Closed loop: every click sent was acknowledged before the next, none failed, each with a latency.
        Assert.True(recorder.Sent > 0, "nothing was sent in the measured window");
        Assert.Equal(recorder.Sent, recorder.Ok + recorder.Unanswered);
        Assert.InRange(recorder.Unanswered, 0, 1);
        Assert.Empty(recorder.Errors);
        Assert.Equal(recorder.Ok, recorder.Latency.TotalCount);
        Assert.Contains(fixture.VersionId, recorder.ModelVersions);
    }
}
