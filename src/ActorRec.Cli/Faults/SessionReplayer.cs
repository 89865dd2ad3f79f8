using System.Threading.Channels;
using ActorRec.Cli.LoadTest;
using ActorRec.Client;
using ActorRec.Contracts.V1;
using Grpc.Core;

namespace ActorRec.Cli.Faults;

/// <summary>
/// Replays real sessions through <see cref="ActorRecClient"/> at a fixed rate: a ticker hands out one permit per
/// click interval, and many sessions, each keeping a few clicks unanswered, take them. A session that gives up (a click
/// unanswered past the client's timeout) is resumed where the server says it stands, with the same clicks.
/// </summary>
internal sealed class SessionReplayer(ActorRecClient client, ReplayCorpus corpus, ClickRecorder recorder, FaultOptions options, string runId, Action<string> say)
{
    /// <summary>Seconds between progress lines.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    /// <summary>Pause between tries to resume a session while its endpoint is down.</summary>
    private static readonly TimeSpan ResumeRetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly Channel<bool> _permits = Channel.CreateBounded<bool>(new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.Wait });
    private long _nextSession;
    private long _notSent;

    /// <summary>Clicks the schedule called for while every session had its window full.</summary>
    public long NotSent => Interlocked.Read(ref _notSent);

    /// <summary>
    /// Sends for <see cref="FaultOptions.DurationSeconds"/>, then waits for the answers still owed until
    /// <paramref name="drainDeadline"/>'s token fires; what is unanswered then stays so in the recorder.
    /// </summary>
    public async Task RunAsync(CancellationToken drainDeadline)
    {
        using var sending = new CancellationTokenSource(TimeSpan.FromSeconds(options.DurationSeconds));
        var ticker = TickAsync(sending.Token);
        var workers = Task.WhenAll(Enumerable.Range(0, options.Sessions).Select(_ => Task.Run(() => WorkAsync(sending.Token, drainDeadline))));
        while (await Task.WhenAny(workers, Task.Delay(ProgressInterval, CancellationToken.None)) != workers)
        {
            say(recorder.Progress());
        }

        await ticker;
        await workers;
        say(recorder.Progress());
    }

    private async Task TickAsync(CancellationToken sending)
    {
        var started = recorder.Now;
        long issued = 0;
        try
        {
            while (!sending.IsCancellationRequested)
            {
                var due = (long)((recorder.Now - started) * options.Rate);
                for (; issued < due; issued++)
                {
                    if (!_permits.Writer.TryWrite(true))
                    {
                        Interlocked.Increment(ref _notSent);
                    }
                }

                await Task.Delay(TimeSpan.FromMilliseconds(5), sending);
            }
        }
        catch (OperationCanceledException)
        {
            // The traffic's time is up.
        }

        _permits.Writer.TryComplete();
    }

    private async Task WorkAsync(CancellationToken sending, CancellationToken drainDeadline)
    {
        while (!sending.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _nextSession) - 1;
            await ReplayAsync($"{runId}-{n}", (int)(n % corpus.SessionCount), sending, drainDeadline);
        }
    }

    private async Task ReplayAsync(string sessionId, int corpusSession, CancellationToken sending, CancellationToken drainDeadline)
    {
        var track = recorder.Begin(sessionId);
        var run = new Run(client.StartSession(sessionId), track);
        try
        {
            var first = corpus.Offsets[corpusSession];
            var length = corpus.Offsets[corpusSession + 1] - first;
            for (var position = 1; position <= length; position++)
            {
                try
                {
                    await _permits.Reader.ReadAsync(sending);
                }
                catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
                {
                    break;
                }

                while (run.InFlight.Count >= options.Window)
                {
                    if (!await SettleFirstAsync(run, drainDeadline))
                    {
                        return;
                    }
                }

                var click = recorder.Queued(track, position, corpus.Items[first + position - 1], corpus.EventTypes[first + position - 1]);
                try
                {
                    run.InFlight.Enqueue(TimedAsync(run.Track, click.Position, run.Session.ClickAsync(click.ItemId, click.EventType)));
                }
                catch (InvalidOperationException) when (run.InFlight.Count > 0)
                {
                    // The session gave up since its oldest click was looked at: settling that click resumes the
                    // session, which sends every unanswered click again, this one included.
                    if (!await SettleFirstAsync(run, drainDeadline))
                    {
                        return;
                    }
                }
            }

            while (run.InFlight.Count > 0)
            {
                if (!await SettleFirstAsync(run, drainDeadline))
                {
                    return;
                }
            }
        }
        finally
        {
            // Every click is settled or abandoned by now; disposing abandons only what is still unanswered.
            await run.Session.DisposeAsync();
        }
    }

    /// <summary>Waits for the oldest unanswered click; false when the session cannot go on (the drain deadline, or a server that lost clicks).</summary>
    private async Task<bool> SettleFirstAsync(Run run, CancellationToken drainDeadline)
    {
        try
        {
            var (answer, answeredAt) = await run.InFlight.Peek().WaitAsync(drainDeadline);
            _ = run.InFlight.Dequeue();
            recorder.Acknowledged(run.Track, answer, answeredAt);
            return true;
        }
        catch (RpcException)
        {
            // Rejected for good (the client reported its status): not applied, and the clicks after it close the gap.
            _ = run.InFlight.Dequeue();
            recorder.Rejected(run.Track);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (ClickSessionFailedException)
        {
            return await ResumeAsync(run, drainDeadline);
        }
    }

    /// <summary>
    /// The session gave up: ask the server how far it got, take the unanswered clicks up to there as applied, and send
    /// the rest again on a resumed session, which numbers them after the server's count.
    /// </summary>
    private async Task<bool> ResumeAsync(Run run, CancellationToken drainDeadline)
    {
        await run.Session.DisposeAsync();
        run.InFlight.Clear();
        while (true)
        {
            // Bounded like a click: the session's silo may be dead and not yet declared so.
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(drainDeadline);
            attempt.CancelAfter(TimeSpan.FromSeconds(options.ClickTimeoutSeconds));
            try
            {
                run.Session = await client.ResumeSessionAsync(run.Track.Id, attempt.Token);
                break;
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException && !drainDeadline.IsCancellationRequested)
            {
                // No endpoint answered in time: ask again.
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException)
            {
                return false;
            }

            try
            {
                await Task.Delay(ResumeRetryDelay, drainDeadline);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        if (recorder.Resumed(run.Track, run.Session.LastApplied) is null)
        {
            return false;
        }

        foreach (var click in recorder.UnansweredOf(run.Track))
        {
            run.InFlight.Enqueue(TimedAsync(run.Track, click.Position, run.Session.ClickAsync(click.ItemId, click.EventType)));
        }

        return true;
    }

    /// <summary>The answer with the time it came, which may be well before the session looks at it.</summary>
    private async Task<(Recommendation Answer, double AnsweredAt)> TimedAsync(SessionTrack track, int position, Task<Recommendation> click)
    {
        var answer = await click;
        return (answer, recorder.Arrived(track, position));
    }

    private sealed class Run(ClickSession session, SessionTrack track)
    {
        public ClickSession Session { get; set; } = session;

        public SessionTrack Track { get; } = track;

        public Queue<Task<(Recommendation Answer, double AnsweredAt)>> InFlight { get; } = new();
    }
}
