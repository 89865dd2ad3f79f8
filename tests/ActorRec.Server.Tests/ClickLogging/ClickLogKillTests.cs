using ActorRec.Grains.ClickLog;
using ActorRec.Server.Tests.Fixtures;
using ActorRec.Testing;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace ActorRec.Server.Tests.ClickLogging;

/// <summary>
/// The file click log's guarantee under a crash: a server process killed (SIGKILL) in the middle of streams of clicks
/// leaves a log that holds every click it answered, exactly once, plus at most the clicks still in flight, and no
/// corrupt record.
/// </summary>
/// <remarks>Joins the server collection to reuse the model store and test sessions of its fixture; the server killed is a child process of its own.</remarks>
[Collection(ServerCollection.Name)]
public sealed class ClickLogKillTests(ServerFixture fixture)
{
    private const int K = 5;
    private const int Streams = 4;

    /// <summary>Clicks a stream may send ahead of its answers: the most that can be in flight per stream at the kill.</summary>
    private const int Window = 32;

    /// <summary>Answers after which the server is killed: well into the run, well before its end.</summary>
    private const int AnswersBeforeKill = 3000;

    [Fact(Timeout = 300_000)]
    public async Task A_server_killed_mid_stream_leaves_every_answered_click_in_the_log_exactly_once_and_nothing_corrupt()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        using var logFolder = new TempFolder();

        // Small segments, so that the kill finds the log several segments in and the recovery reads across them.
        var settings = new Dictionary<string, string>
        {
            ["ModelStore:Directory"] = fixture.StoreDirectory,
            ["ClickLog:Directory"] = logFolder.Path,
            ["ClickLog:SegmentBytes"] = "65536",
            ["ClickLog:RetainSegments"] = "100000",
        };
        var test = fixture.Data.Test;
        var runId = Clicks.NewSessionId("killed");
        var sent = new Dictionary<(string Session, long Seq), string>();
        var answered = new HashSet<(string Session, long Seq)>();
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var server = new ServerProcess(settings))
        {
            await server.WaitUntilServingAsync(ct);
            var partitions = Enumerable.Range(0, Streams).Select(p => Enumerable.Range(0, test.SessionCount).Where(s => s % Streams == p).ToArray()).ToArray();
            var streams = partitions.Select(sessions => StreamUntilKilledAsync(server, test, runId, sessions, sent, answered, killed, ct)).ToArray();
            await Eventually.Within(Task.WhenAny(killed.Task, Task.WhenAll(streams)), $"{AnswersBeforeKill} answers");
            Assert.True(killed.Task.IsCompleted, $"the streams ended after {answered.Count} answers, before the kill: the run is too short for this test");
            server.Kill();
            await server.WaitForExitAsync(ct);

            // Every stream ends with the connection, whatever it was doing.
            await Eventually.Within(Task.WhenAll(streams), "the streams to end after the kill");
        }

        int inFlight;
        lock (answered)
        {
            inFlight = sent.Count - answered.Count;
        }

        Assert.True(inFlight > 0, "no click was in flight when the server was killed: this run did not test a kill mid-stream");

        // Reopened as the restarted server would: a torn last record is cut off, everything before it must read.
        List<LoggedClick> logged;
        using (var log = new FileClickLog(Options.Create(new ClickLogOptions { Directory = logFolder.Path }), NullLogger<FileClickLog>.Instance))
        {
            logged = await LoggedClicks.ReadAllAsync(log, ct);
        }

        var segments = Directory.GetFiles(logFolder.Path, "*.clicklog").Length;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"sent {sent.Count}, answered {answered.Count}, in flight at the kill {inFlight}, logged {logged.Count}, in {segments} segments");
        Assert.True(segments > 1, "the log never rolled over to a second segment");
        var ours = logged.Where(c => c.SessionId.StartsWith(runId, StringComparison.Ordinal)).ToList();
        Assert.Equal(logged.Count, ours.Count);
        var keys = ours.Select(c => (c.SessionId, c.Seq)).ToHashSet();
        Assert.True(keys.Count == ours.Count, $"{ours.Count - keys.Count} clicks are in the log more than once");
        foreach (var click in ours)
        {
            Assert.True(sent.TryGetValue((click.SessionId, click.Seq), out var item), $"{click.SessionId} seq {click.Seq} is in the log but was never sent");
            Assert.Equal(item, click.ItemId);
            Assert.Equal("click", click.EventType);
        }

        var missing = answered.Where(a => !keys.Contains(a)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} answered clicks are missing from the log, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.InRange(ours.Count, answered.Count, sent.Count);

        // A session's clicks are applied in seq order, each logged before its answer: the log holds a prefix of each.
        foreach (var session in ours.GroupBy(c => c.SessionId))
        {
            Assert.Equal(Enumerable.Range(1, session.Count()).Select(i => (long)i), session.Select(c => c.Seq).Order());
        }
    }

    /// <summary>
    /// Streams the sessions round robin, keeping at most <see cref="Window"/> clicks unanswered, until the connection dies.
    /// Records what was sent before it was written and what was answered as it arrives.
    /// </summary>
    private static async Task StreamUntilKilledAsync(
        ServerProcess server,
        Models.Data.SessionDataset test,
        string runId,
        int[] sessions,
        Dictionary<(string, long), string> sent,
        HashSet<(string, long)> answered,
        TaskCompletionSource killed,
        CancellationToken cancellationToken)
    {
        var order = new List<(int Session, int Position)>();
        for (var t = 0; order.Count < sessions.Sum(test.SessionLength); t++)
        {
            order.AddRange(sessions.Where(s => test.SessionLength(s) > t).Select(s => (s, t)));
        }

        var window = new SemaphoreSlim(Window);
        using var call = server.Recommender.Stream(cancellationToken: cancellationToken);
        var reader = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var answer in call.ResponseStream.ReadAllAsync(cancellationToken))
                    {
                        Assert.True(answer.Error is null, $"{answer.SessionId} seq {answer.Seq}: in-band error {answer.Error?.Message}");
                        lock (answered)
                        {
                            answered.Add((answer.SessionId, answer.Seq));
                            if (answered.Count >= AnswersBeforeKill)
                            {
                                killed.TrySetResult();
                            }
                        }

                        window.Release();
                    }
                }
                catch (RpcException)
                {
                    // The server was killed.
                }
            },
            cancellationToken);
        try
        {
            foreach (var (session, position) in order)
            {
                var slot = window.WaitAsync(cancellationToken);
                if (await Task.WhenAny(slot, reader) != slot)
                {
                    break;
                }

                var click = Clicks.Click($"{runId}-{session}", position + 1, test.Vocabulary[test.Items[test.SessionOffsets[session] + position]], K);
                lock (answered)
                {
                    sent[(click.SessionId, click.Seq)] = click.ItemId;
                }

                await call.RequestStream.WriteAsync(click, cancellationToken);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or IOException or InvalidOperationException)
        {
            // The server was killed under the writer.
        }

        await reader;
    }
}
