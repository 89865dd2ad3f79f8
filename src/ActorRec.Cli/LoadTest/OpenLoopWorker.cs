using System.Diagnostics;
using ActorRec.Contracts.V1;
using Grpc.Core;

namespace ActorRec.Cli.LoadTest;

/// <summary>
/// One open-loop stream: a sender writes click i when it is due by the schedule, whatever the answers, and a receiver
/// reads the answers. Answers come in request order, so the n-th answer of a call is for the call's n-th click and its
/// latency runs from that click's due time: a slow server then shows in the percentiles instead of slowing the sender
/// down (coordinated omission). The stream's sessions take turns, so clicks of one session are spaced out.
/// </summary>
internal sealed class OpenLoopWorker
{
    /// <summary>
    /// Waits of more than two ticks sleep until the click is due; shorter ones wait for the next tick of this timer, which
    /// allocates nothing per click at high rates. Timer lateness counts as latency (and shows as send lag), never hidden.
    /// </summary>
    private static readonly TimeSpan TimerTick = TimeSpan.FromMilliseconds(1);

    private readonly Recommender.RecommenderClient _client;
    private readonly LoadTestOptions _options;
    private readonly StreamRecorder _recorder;
    private readonly OpenLoopSchedule _schedule;
    private readonly ReplayCursor[] _cursors;
    private readonly ClickEvent _click;
    private readonly long _firstMeasured;
    private readonly long _endMeasured;
    private readonly long _sleepThresholdTicks;
    private long _next;

    public OpenLoopWorker(
        Recommender.RecommenderClient client, LoadTestOptions options, SessionSource sessions, MeasurementWindow window, StreamRecorder recorder, int stream)
    {
        _client = client;
        _options = options;
        _recorder = recorder;
        _schedule = new OpenLoopSchedule(window.Origin, options.Rate, options.Streams, stream, Stopwatch.Frequency);
        _cursors = new ReplayCursor[options.SessionsPerStream];
        for (var i = 0; i < _cursors.Length; i++)
        {
            _cursors[i] = new ReplayCursor(sessions);
        }

        _click = new ClickEvent { K = options.K, ExcludeSeen = options.ExcludeSeen };
        _firstMeasured = _schedule.FirstIndexAtOrAfter(window.Start);
        _endMeasured = _schedule.FirstIndexAtOrAfter(window.End);
        _sleepThresholdTicks = 2 * TimerTick.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
    }

    /// <summary>Runs until the measured window is over and its answers are in, or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">Fires at the end of the drain time or on Ctrl+C.</param>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimerTick);
        while (_next < _endMeasured && !cancellationToken.IsCancellationRequested)
        {
            var first = _next;
            using var callCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var call = _client.Stream(cancellationToken: callCancellation.Token);
            var receiving = ReceiveAsync(call, first, callCancellation);
            try
            {
                await SendAsync(call.RequestStream, timer, callCancellation.Token);
                await call.RequestStream.CompleteAsync();
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException or InvalidOperationException)
            {
                // The call failed or was cancelled; the receiver reads its status.
            }

            var (received, failure) = await receiving;
            var lost = MeasuredBetween(first + received, _next);
            if (cancellationToken.IsCancellationRequested)
            {
                _recorder.RecordUnanswered(lost);
                break;
            }

            if (failure is { } code)
            {
                _recorder.RecordFailed(code, lost);
            }
            else if (lost > 0 || _next < _endMeasured)
            {
                // The server ended the stream before answering every click, or before the sender was done.
                _recorder.RecordUnanswered(lost);
            }
            else
            {
                break;
            }

            _recorder.RecordRestart();
            foreach (var cursor in _cursors)
            {
                cursor.Abandon();
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(_options.ReconnectDelaySeconds), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // Clicks already due: all the window's once the drain time is over, fewer when the run was cancelled early.
        _recorder.RecordUnsent(MeasuredBetween(_next, _schedule.FirstIndexAtOrAfter(Stopwatch.GetTimestamp())));
    }

    /// <summary>
    /// Sends every click that is due, then waits for the next, until the last click due in the measured window is out. A
    /// sender that fell behind catches up during the drain time; what it has not sent when that ends counts as unsent.
    /// </summary>
    private async Task SendAsync(IClientStreamWriter<ClickEvent> requests, PeriodicTimer timer, CancellationToken cancellationToken)
    {
        while (_next < _endMeasured)
        {
            var now = Stopwatch.GetTimestamp();
            var due = _schedule.TicksAt(_next);
            if (due > now)
            {
                if (due - now > _sleepThresholdTicks)
                {
                    await Task.Delay(Stopwatch.GetElapsedTime(now, due), cancellationToken);
                }
                else
                {
                    await timer.WaitForNextTickAsync(cancellationToken);
                }

                continue;
            }

            // Counted as sent before the write, so that a failed write is a lost click.
            var index = _next++;
            _cursors[index % _cursors.Length].WriteNext(_click);
            if (index >= _firstMeasured)
            {
                _recorder.RecordSent(measured: true);
                _recorder.RecordSendLag(now - due);
            }

            await requests.WriteAsync(_click);
        }
    }

    /// <summary>Reads the call's answers until it ends; then cancels the call so that a sender still waiting stops too.</summary>
    /// <returns>The answers read, and the status code when the call failed (Cancelled when it was cancelled).</returns>
    private async Task<(long Received, StatusCode? Failure)> ReceiveAsync(
        AsyncDuplexStreamingCall<ClickEvent, Recommendation> call, long first, CancellationTokenSource callCancellation)
    {
        var received = 0L;
        StatusCode? failure = null;
        try
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                var now = Stopwatch.GetTimestamp();
                var index = first + received++;
                _recorder.RecordResponse(call.ResponseStream.Current, now - _schedule.TicksAt(index), now, index >= _firstMeasured && index < _endMeasured);
            }
        }
        catch (RpcException e)
        {
            failure = e.StatusCode;
        }
        catch (OperationCanceledException)
        {
            failure = StatusCode.Cancelled;
        }

        await callCancellation.CancelAsync();
        return (received, failure);
    }

    /// <summary>How many of the clicks [from, to) were due in the measured window.</summary>
    private long MeasuredBetween(long from, long to) =>
        Math.Max(0, Math.Min(to, _endMeasured) - Math.Max(from, _firstMeasured));
}
