using System.Diagnostics;
using ActorRec.Contracts.V1;
using Grpc.Core;

namespace ActorRec.Cli.LoadTest;

/// <summary>
/// One closed-loop stream, driven by a single task: it keeps one click of each of its sessions in flight and sends a
/// session's next click as soon as the previous one is answered. Answers come back in request order, so a ring of the
/// sessions in flight says which session each answer belongs to without looking at its session id. The window is read
/// against a <see cref="TimeProvider"/> (the system clock unless one is given; timestamps in <see cref="Stopwatch"/> ticks).
/// </summary>
internal sealed class ClosedLoopWorker
{
    private readonly Recommender.RecommenderClient _client;
    private readonly LoadTestOptions _options;
    private readonly MeasurementWindow _window;
    private readonly StreamRecorder _recorder;
    private readonly ReplayCursor[] _cursors;
    private readonly long[] _sentAt;
    private readonly int[] _inFlight;
    private readonly ClickEvent _click;
    private readonly TimeProvider _time;
    private int _head;
    private int _count;

    public ClosedLoopWorker(Recommender.RecommenderClient client, LoadTestOptions options, SessionSource sessions, MeasurementWindow window, StreamRecorder recorder, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _client = client;
        _options = options;
        _window = window;
        _recorder = recorder;
        _cursors = new ReplayCursor[options.SessionsPerStream];
        for (var i = 0; i < _cursors.Length; i++)
        {
            _cursors[i] = new ReplayCursor(sessions);
        }

        _sentAt = new long[_cursors.Length];
        _inFlight = new int[_cursors.Length];
        _click = new ClickEvent { K = options.K, ExcludeSeen = options.ExcludeSeen };
    }

    /// <summary>Runs until the measured window is over and its answers are in, or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">Fires at the end of the drain time or on Ctrl+C.</param>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (_time.GetTimestamp() < _window.End && !cancellationToken.IsCancellationRequested)
        {
            if (await RunCallAsync(cancellationToken))
            {
                return;
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
                return;
            }
        }
    }

    /// <summary>Drives one call; true when the run is over for this stream, false when the call failed and should be opened again.</summary>
    private async Task<bool> RunCallAsync(CancellationToken cancellationToken)
    {
        _head = 0;
        _count = 0;
        using var call = _client.Stream(cancellationToken: cancellationToken);
        try
        {
            for (var slot = 0; slot < _cursors.Length && _time.GetTimestamp() < _window.End; slot++)
            {
                await SendAsync(call.RequestStream, slot);
            }

            while (_count > 0 && await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                var now = _time.GetTimestamp();
                var slot = _inFlight[_head];
                _head = (_head + 1) % _inFlight.Length;
                _count--;
                _recorder.RecordResponse(call.ResponseStream.Current, now - _sentAt[slot], now, _window.Contains(_sentAt[slot]));
                if (now < _window.End)
                {
                    await SendAsync(call.RequestStream, slot);
                }
            }

            if (_count > 0)
            {
                // The server ended the stream with answers still owed.
                _recorder.RecordUnanswered(MeasuredInFlight());
                return false;
            }

            await call.RequestStream.CompleteAsync();
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                // Nothing is owed any more; reading to the end lets the call finish with its status.
            }

            return true;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is RpcException { StatusCode: StatusCode.Cancelled } or OperationCanceledException)
        {
            _recorder.RecordUnanswered(MeasuredInFlight());
            return true;
        }
        catch (RpcException e)
        {
            _recorder.RecordFailed(e.StatusCode, MeasuredInFlight());
            return false;
        }
        catch (InvalidOperationException)
        {
            _recorder.RecordFailed(CallStatus.Of(call), MeasuredInFlight());
            return false;
        }
    }

    /// <summary>Sends the next click of a session; it counts as in flight before the write, so a failed write is a failed click.</summary>
    private Task SendAsync(IClientStreamWriter<ClickEvent> requests, int slot)
    {
        _cursors[slot].WriteNext(_click);
        _inFlight[(_head + _count) % _inFlight.Length] = slot;
        _count++;
        var now = _time.GetTimestamp();
        _sentAt[slot] = now;
        _recorder.RecordSent(_window.Contains(now));
        return requests.WriteAsync(_click);
    }

    private long MeasuredInFlight()
    {
        var measured = 0L;
        for (var i = 0; i < _count; i++)
        {
            if (_window.Contains(_sentAt[_inFlight[(_head + i) % _inFlight.Length]]))
            {
                measured++;
            }
        }

        return measured;
    }
}
