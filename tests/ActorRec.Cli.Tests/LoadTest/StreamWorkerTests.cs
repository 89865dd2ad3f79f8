using System.Diagnostics;
using ActorRec.Cli.LoadTest;
using ActorRec.Contracts.V1;
using Grpc.Core;
using Xunit;

namespace ActorRec.Cli.Tests.LoadTest;

/// <summary>The closed- and open-loop stream drivers against an in-memory server: what they send, count and when they stop.</summary>
public sealed class StreamWorkerTests
{
    /// <summary>A worker that has not stopped by itself by then is hung; the test fails instead of waiting for ever.</summary>
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(60);

    private static readonly LoadTestOptions Short = new()
    {
        Streams = 1,
        SessionsPerStream = 3,
        WarmupSeconds = 0,
        DurationSeconds = 0.3,
        DrainSeconds = 10,
        ReconnectDelaySeconds = 0.01,
    };

    [Fact]
    public async Task Closed_AnswersEveryClick_AndReplaysEachSessionInOrder()
    {
        var server = new FakeStreamInvoker();
        var corpus = Corpora.Corpus(("a", 3), ("b", 2), ("c", 4), ("d", 1));

        var (recorder, stoppedByItself) = await RunClosedAsync(server, corpus, Short with { WarmupSeconds = 0.1 });

        Assert.True(stoppedByItself, "the worker ran into the drain deadline");
        Assert.True(recorder.Sent > 0, "nothing was sent in the measured window");
        Assert.Equal(recorder.Sent, recorder.Ok);
        Assert.True(server.Received.Count > recorder.Sent, "warm-up clicks were counted as measured");
        Assert.Equal(recorder.Ok, recorder.Latency.TotalCount);
        Assert.Equal(2.0, (double)recorder.BatchSizeSum / recorder.Ok);
        Assert.Empty(recorder.Errors);
        Assert.Equal(0, recorder.Unanswered);
        Assert.Equal(0, recorder.Restarts);
        AssertSessionsReplayedInOrder(server, corpus);
    }

    [Fact]
    public async Task Closed_InBandErrors_AreCountedByStatusCode()
    {
        var server = new FakeStreamInvoker
        {
            Answer = (_, click) => click.Seq == 2
                ? new Recommendation { SessionId = click.SessionId, Seq = click.Seq, Error = new Error { Code = (int)StatusCode.InvalidArgument, Message = "no" } }
                : new Recommendation { SessionId = click.SessionId, Seq = click.Seq, ModelVersion = "v1", BatchSize = 1 },
        };

        var (recorder, _) = await RunClosedAsync(server, Corpora.Corpus(("a", 3), ("b", 2)), Short);

        var seqTwo = server.Received.Count(c => c.Seq == 2);
        var errors = recorder.Errors[StatusCode.InvalidArgument];
        Assert.True(seqTwo > 0, "no session reached its second click");

        // Every measured error answer is counted under its code. The server also saw clicks the measurement leaves out:
        // one still in flight when the run stopped, or one sent as the window closed (answered, but not measured).
        Assert.InRange(seqTwo - errors, 0, (recorder.Sent - recorder.Responses) + (recorder.AllResponses - recorder.Responses));
        Assert.Equal(recorder.Responses, recorder.Ok + errors);
        Assert.Equal(recorder.Ok, recorder.Latency.TotalCount);
    }

    [Fact]
    public async Task Closed_CallFails_LosesTheClicksInFlightAndReopensTheStream()
    {
        var server = new FakeStreamInvoker { Failure = call => call == 0 ? (5, StatusCode.Unavailable) : null };
        var corpus = Corpora.Corpus(("a", 4), ("b", 4), ("c", 4));

        var (recorder, stoppedByItself) = await RunClosedAsync(server, corpus, Short);

        Assert.True(stoppedByItself, "the worker ran into the drain deadline");
        Assert.Equal(1, recorder.Restarts);
        Assert.Equal(2, server.Calls);
        Assert.InRange(recorder.Errors[StatusCode.Unavailable], 1, Short.SessionsPerStream);
        Assert.True(recorder.Ok > 5, "the reopened stream answered nothing");
        Assert.Equal(recorder.Sent, recorder.Ok + recorder.Errors[StatusCode.Unavailable]);
        // Sessions cut by the failure are abandoned, not continued with a gap the server would refuse.
        AssertSessionsReplayedInOrder(server, corpus);
    }

    [Fact]
    public async Task Open_SendsExactlyTheScheduledClicks_AndEachGetsItsAnswer()
    {
        var server = new FakeStreamInvoker();
        var corpus = Corpora.Corpus(("a", 3), ("b", 2), ("c", 4), ("d", 1));
        var options = Short with { Mode = LoadMode.Open, Streams = 2, Rate = 400, WarmupSeconds = 0.1, DurationSeconds = 0.4 };
        var window = MeasurementWindow.From(Stopwatch.GetTimestamp(), options, Stopwatch.Frequency);
        var sessions = new SessionSource(corpus, "run");
        var client = new Recommender.RecommenderClient(server);
        using var deadline = DeadlineOf(window);
        StreamRecorder[] recorders = [new(Stopwatch.Frequency), new(Stopwatch.Frequency)];

        await Task.WhenAll(recorders.Select((r, s) => new OpenLoopWorker(client, options, sessions, window, r, s).RunAsync(deadline.Token))).WaitAsync(Hung, TestContext.Current.CancellationToken);

        var scheduled = Enumerable.Range(0, 2)
            .Select(s => new OpenLoopSchedule(window.Origin, options.Rate, options.Streams, s, Stopwatch.Frequency))
            .Sum(s => s.FirstIndexAtOrAfter(window.End) - s.FirstIndexAtOrAfter(window.Start));
        Assert.False(deadline.IsCancellationRequested, "the workers ran into the drain deadline");
        Assert.Equal(scheduled, recorders.Sum(r => r.Sent));
        Assert.Equal(scheduled, recorders.Sum(r => r.Ok));
        Assert.Equal(scheduled, recorders.Sum(r => r.SendLag.TotalCount));
        Assert.Equal(0, recorders.Sum(r => r.Unsent + r.Unanswered + r.Restarts));
        AssertSessionsReplayedInOrder(server, corpus);
    }

    [Fact]
    public async Task Open_ServerNeverAnswers_StopsAtTheDrainDeadlineWithTheClicksUnanswered()
    {
        var server = new FakeStreamInvoker { Answer = (_, _) => null };
        // A drain long enough that even a stalled machine sends some clicks before the deadline ends the run.
        var options = Short with { Mode = LoadMode.Open, Rate = 200, DurationSeconds = 0.2, DrainSeconds = 2 };
        var window = MeasurementWindow.From(Stopwatch.GetTimestamp(), options, Stopwatch.Frequency);
        var recorder = new StreamRecorder(Stopwatch.Frequency);
        using var deadline = DeadlineOf(window);

        await new OpenLoopWorker(new Recommender.RecommenderClient(server), options, new SessionSource(Corpora.Corpus(("a", 5)), "run"), window, recorder, 0)
            .RunAsync(deadline.Token).WaitAsync(Hung, TestContext.Current.CancellationToken);

        Assert.True(recorder.Sent > 0, "nothing was sent");
        Assert.Equal(recorder.Sent, recorder.Unanswered);
        Assert.Equal(0, recorder.Ok);
        Assert.Empty(recorder.Errors);
    }

    /// <summary>
    /// Runs a closed-loop worker on a clock that advances a millisecond per reading: the warm-up and the measured
    /// window hold the same clicks on any machine, however loaded. The drain deadline stays on real time.
    /// </summary>
    private static async Task<(StreamRecorder Recorder, bool StoppedByItself)> RunClosedAsync(FakeStreamInvoker server, ReplayCorpus corpus, LoadTestOptions options)
    {
        var clock = new SteppingClock(TimeSpan.FromMilliseconds(1));
        var window = MeasurementWindow.From(clock.GetTimestamp(), options, clock.TimestampFrequency);
        var recorder = new StreamRecorder(clock.TimestampFrequency);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(options.DrainSeconds));

        await new ClosedLoopWorker(new Recommender.RecommenderClient(server), options, new SessionSource(corpus, "run"), window, recorder, clock)
            .RunAsync(deadline.Token).WaitAsync(Hung, TestContext.Current.CancellationToken);

        return (recorder, !deadline.IsCancellationRequested);
    }

    private static CancellationTokenSource DeadlineOf(MeasurementWindow window)
    {
        var deadline = new CancellationTokenSource();
        deadline.CancelAfter(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), window.DrainEnd));
        return deadline;
    }

    /// <summary>Every replayed session id carries one corpus session's items in order, with seq rising by one from 1.</summary>
    private static void AssertSessionsReplayedInOrder(FakeStreamInvoker server, ReplayCorpus corpus)
    {
        foreach (var session in server.Received.GroupBy(c => c.SessionId))
        {
            var clicks = session.ToList();
            var corpusSession = Array.FindIndex(corpus.Items, item => item == clicks[0].ItemId) is var first and >= 0
                ? Array.FindLastIndex(corpus.Offsets, offset => offset <= first)
                : -1;
            Assert.True(corpusSession >= 0, $"session {session.Key} starts with an unknown item");
            var previous = 0L;
            foreach (var click in clicks)
            {
                Assert.True(click.Seq == previous + 1, $"session {session.Key}: seq {click.Seq} after {previous}");
                Assert.Equal(corpus.Items[corpus.Offsets[corpusSession] + (int)click.Seq - 1], click.ItemId);
                previous = click.Seq;
            }
        }
    }
}
