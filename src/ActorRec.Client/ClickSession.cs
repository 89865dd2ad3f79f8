using System.Diagnostics;
using System.Threading.Channels;
using ActorRec.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace ActorRec.Client;

/// <summary>
/// One visitor session over the bidirectional stream. Clicks are numbered here (seq 1, 2, ...), sent ahead of their
/// answers up to <see cref="ActorRecClientOptions.MaxInFlight"/>, and answered in order. On a retryable status
/// (UNAVAILABLE, ABORTED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED) or a broken call, every unanswered click is sent
/// again with the same seq, on the next endpoint when the call itself failed: the server applies each click once and
/// answers a click it already applied as a duplicate, so nothing is lost or applied twice.
/// </summary>
/// <remarks>
/// A click the server rejects for good (INVALID_ARGUMENT, say) is not applied: its task fails with that status and
/// the clicks after it are renumbered to close the gap. A click retried after its answer was lost may be answered with
/// the stored answer of the session's latest applied click (<c>duplicate = true</c>).
/// </remarks>
public sealed class ClickSession : IAsyncDisposable
{
    private readonly ActorRecClient _client;
    private readonly ActorRecClientOptions _options;
    private readonly Channel<Recommendation> _answers = Channel.CreateUnbounded<Recommendation>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly SemaphoreSlim _work = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();

    // Unanswered clicks in click order; the first has seq _lastApplied + 1. Guarded by _lock.
    private readonly List<PendingClick> _pending = [];
    private long _lastApplied;
    private int _sentOnCall;
    private bool _completed;

    private readonly Task _pump;
    private int _endpoint;

    internal ClickSession(ActorRecClient client, string sessionId, long lastApplied)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        _client = client;
        _options = client.Options;
        SessionId = sessionId;
        _lastApplied = lastApplied;
        _pump = Task.Run(PumpAsync);
    }

    public string SessionId { get; }

    /// <summary>The seq of the latest click the server confirmed as applied.</summary>
    public long LastApplied
    {
        get
        {
            lock (_lock)
            {
                return _lastApplied;
            }
        }
    }

    /// <summary>Calls given up and sent again (a retryable status or a broken call).</summary>
    public int Retries { get; private set; }

    /// <summary>Times the session moved to another endpoint after a call failed.</summary>
    public int Failovers { get; private set; }

    /// <summary>
    /// Queues a click and returns at once with a task for its answer; clicks queued without awaiting that task are
    /// pipelined. The task fails with <see cref="RpcException"/> when the server rejects the click for good, and with
    /// <see cref="ClickSessionFailedException"/> when the session gives up.
    /// </summary>
    public Task<Recommendation> ClickAsync(string itemId, string? eventType = null, DateTimeOffset? timestamp = null)
    {
        var click = new PendingClick(itemId, eventType ?? "", timestamp ?? DateTimeOffset.UtcNow);
        lock (_lock)
        {
            if (_completed || _pump.IsCompleted)
            {
                throw new InvalidOperationException($"Session '{SessionId}' takes no more clicks: it was completed or failed.");
            }

            _pending.Add(click);
        }

        _work.Release();
        return click.Answer.Task;
    }

    /// <summary>Every answer (and every rejection, with its error set) in click order, ending when the session completes.</summary>
    public IAsyncEnumerable<Recommendation> ReadAnswersAsync(CancellationToken cancellationToken = default) =>
        _answers.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Takes no more clicks and waits until every queued one is answered; throws when the session failed.</summary>
    public async Task CompleteAsync()
    {
        lock (_lock)
        {
            _completed = true;
        }

        _work.Release();
        await _pump;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _completed = true;
        }

        await _stop.CancelAsync();
        try
        {
            await _pump;
        }
        catch (Exception e) when (e is OperationCanceledException or ClickSessionFailedException)
        {
            // Disposal abandons what is still unanswered.
        }

        _stop.Dispose();
        _work.Dispose();
    }

    private async Task PumpAsync()
    {
        var failuresInARow = 0;
        try
        {
            while (true)
            {
                var outcome = await RunCallAsync(_client.Recommender(_endpoint));
                if (outcome == CallOutcome.Done)
                {
                    _answers.Writer.TryComplete();
                    return;
                }

                if (outcome == CallOutcome.Renumber)
                {
                    continue;
                }

                Retries++;
                if (outcome == CallOutcome.Failover && _client.EndpointCount > 1)
                {
                    _endpoint = (_endpoint + 1) % _client.EndpointCount;
                    Failovers++;
                }

                failuresInARow = outcome == CallOutcome.RetryAfterProgress ? 1 : failuresInARow + 1;
                ThrowIfOverdue();
                var delay = _options.RetryDelay * Math.Pow(2, Math.Min(failuresInARow - 1, 16));
                await Task.Delay(delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay, _stop.Token);
            }
        }
        catch (Exception e)
        {
            var failure = e as ClickSessionFailedException ?? (e is OperationCanceledException
                ? new ClickSessionFailedException($"Session '{SessionId}' was disposed with clicks unanswered.", e)
                : new ClickSessionFailedException($"Session '{SessionId}' failed: {e.Message}", e));
            List<PendingClick> abandoned;
            lock (_lock)
            {
                abandoned = [.. _pending];
                _pending.Clear();
            }

            foreach (var click in abandoned)
            {
                click.Answer.TrySetException(failure);
            }

            _answers.Writer.TryComplete(failure);
            throw failure;
        }
    }

    /// <summary>One call: sends the unanswered clicks from the first, takes the answers in order, until done or broken.</summary>
    private async Task<CallOutcome> RunCallAsync(Recommender.RecommenderClient recommender)
    {
        lock (_lock)
        {
            _sentOnCall = 0;
        }

        using var callStop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        using var call = recommender.Stream(cancellationToken: callStop.Token);
        var sender = SendAsync(call.RequestStream, callStop.Token);
        var watchdog = CancelWhenOverdueAsync(callStop);
        var progressed = false;
        try
        {
            while (await call.ResponseStream.MoveNext(callStop.Token))
            {
                var answer = call.ResponseStream.Current;
                PendingClick click;
                lock (_lock)
                {
                    click = _pending[0];
                }

                if (answer.Error is null)
                {
                    lock (_lock)
                    {
                        _pending.RemoveAt(0);
                        _sentOnCall--;
                        _lastApplied++;
                    }

                    progressed = true;
                    _answers.Writer.TryWrite(answer);
                    click.Answer.TrySetResult(answer);
                    _work.Release();
                    continue;
                }

                var code = (StatusCode)answer.Error.Code;
                Report(code, answer.Error.Message, IsRetryable(code));
                if (IsRetryable(code))
                {
                    if (code == StatusCode.Aborted)
                    {
                        await ThrowIfTheServerLostTheSessionAsync(recommender, callStop.Token);
                    }

                    return progressed ? CallOutcome.RetryAfterProgress : CallOutcome.Retry;
                }

                // Rejected for good and not applied: the clicks sent after it carry seqs one too high.
                bool othersInFlight;
                lock (_lock)
                {
                    _pending.RemoveAt(0);
                    _sentOnCall--;
                    othersInFlight = _sentOnCall > 0;
                }

                _answers.Writer.TryWrite(answer);
                click.Answer.TrySetException(new RpcException(new Status(code, answer.Error.Message)));
                _work.Release();
                if (othersInFlight)
                {
                    return CallOutcome.Renumber;
                }
            }

            lock (_lock)
            {
                if (_completed && _pending.Count == 0)
                {
                    return CallOutcome.Done;
                }
            }

            Report(StatusCode.OK, "the server ended the call with clicks unanswered", retried: true);
            return CallOutcome.Failover;
        }
        catch (RpcException e) when (!_stop.IsCancellationRequested && (IsRetryable(e.StatusCode) || e.StatusCode is StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled))
        {
            // The call itself broke (connection refused or reset, the endpoint going away): try the next endpoint.
            Report(e.StatusCode, e.Status.Detail, retried: true);
            return CallOutcome.Failover;
        }
        finally
        {
            await callStop.CancelAsync();
            await watchdog;
            try
            {
                await sender;
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException or InvalidOperationException)
            {
                // The sender stops with the call; what it could not send stays unanswered and is sent again.
            }
        }
    }

    private async Task SendAsync(IClientStreamWriter<ClickEvent> requests, CancellationToken cancellationToken)
    {
        while (true)
        {
            ClickEvent? next = null;
            var finished = false;
            lock (_lock)
            {
                if (_sentOnCall < _pending.Count && _sentOnCall < _options.MaxInFlight)
                {
                    var click = _pending[_sentOnCall];
                    next = new ClickEvent
                    {
                        SessionId = SessionId,
                        Seq = _lastApplied + 1 + _sentOnCall,
                        ItemId = click.ItemId,
                        EventType = click.EventType,
                        Timestamp = Timestamp.FromDateTimeOffset(click.Timestamp),
                        K = _options.K,
                    };
                    _sentOnCall++;
                }
                else
                {
                    finished = _completed && _pending.Count == 0;
                }
            }

            if (next is not null)
            {
                await requests.WriteAsync(next, cancellationToken);
            }
            else if (finished)
            {
                await requests.CompleteAsync();
                return;
            }
            else
            {
                await _work.WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// ABORTED for the first unanswered click means the server expects another seq. If it has applied fewer clicks
    /// than were confirmed, the session was ended or expired there, and resending can never succeed.
    /// </summary>
    private async Task ThrowIfTheServerLostTheSessionAsync(Recommender.RecommenderClient recommender, CancellationToken cancellationToken)
    {
        long confirmed;
        lock (_lock)
        {
            confirmed = _lastApplied;
        }

        Recommendation state;
        try
        {
            state = await recommender.GetRecommendationsAsync(new GetRecommendationsRequest { SessionId = SessionId, K = 1 }, cancellationToken: cancellationToken);
        }
        catch (RpcException)
        {
            return;
        }

        if (state.Seq < confirmed)
        {
            throw new ClickSessionFailedException(
                $"Session '{SessionId}' has {state.Seq} clicks applied on the server but {confirmed} were confirmed: it was ended or expired there.");
        }
    }

    /// <summary>
    /// Cancels the call once the oldest unanswered click is past <see cref="ActorRecClientOptions.ClickTimeout"/>. A call
    /// can hang without failing (a silo that took the stream waits on a silo that died), and the timeout must hold there
    /// too, not only between retries: the cancelled call ends as a failure, and the pump then finds the click overdue.
    /// </summary>
    private async Task CancelWhenOverdueAsync(CancellationTokenSource callStop)
    {
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (_lock)
                {
                    // With nothing pending, look again within a quarter of the timeout: a click queued meanwhile is then
                    // found overdue at most that late.
                    wait = _pending.Count == 0 ? _options.ClickTimeout / 4 : _options.ClickTimeout - Stopwatch.GetElapsedTime(_pending[0].QueuedAt);
                }

                if (wait <= TimeSpan.Zero)
                {
                    await callStop.CancelAsync();
                    return;
                }

                await Task.Delay(wait < _options.ClickTimeout / 4 ? wait : _options.ClickTimeout / 4, callStop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The call ended first.
        }
    }

    private void Report(StatusCode code, string detail, bool retried)
    {
        if (_options.AttemptFailed is { } observer)
        {
            long seq;
            lock (_lock)
            {
                seq = _lastApplied + 1;
            }

            observer(new ClickAttemptFailure(SessionId, seq, code, detail, retried));
        }
    }

    private void ThrowIfOverdue()
    {
        lock (_lock)
        {
            if (_pending.Count > 0 && Stopwatch.GetElapsedTime(_pending[0].QueuedAt) > _options.ClickTimeout)
            {
                throw new ClickSessionFailedException(
                    $"Session '{SessionId}': seq {_lastApplied + 1} stayed unanswered for more than {_options.ClickTimeout.TotalSeconds:0.#} s across {Retries} retries.");
            }
        }
    }

    private static bool IsRetryable(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.Aborted or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted;

    private enum CallOutcome
    {
        Done,
        Retry,
        RetryAfterProgress,
        Failover,
        Renumber,
    }

    private sealed class PendingClick(string itemId, string eventType, DateTimeOffset timestamp)
    {
        public string ItemId { get; } = itemId;

        public string EventType { get; } = eventType;

        public DateTimeOffset Timestamp { get; } = timestamp;

        public long QueuedAt { get; } = Stopwatch.GetTimestamp();

        public TaskCompletionSource<Recommendation> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
