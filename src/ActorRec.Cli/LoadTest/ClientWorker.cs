using System.Diagnostics;
using ActorRec.Client;
using Grpc.Core;
using Grpc.Net.Client;

namespace ActorRec.Cli.LoadTest;

/// <summary>
/// One closed-loop worker of <c>--mode client</c>: replays one session at a time through <see cref="ActorRecClient"/>
/// (a gRPC stream per session), sending its next click when the previous one is acknowledged. The client numbers the
/// clicks, retries a click with the same seq on a retryable status and moves to another endpoint when a call breaks,
/// as an application would; every failed attempt counts as an error by its status, and a click's latency runs from
/// its first send to its acknowledgement, retries included.
/// </summary>
internal sealed class ClientWorker
{
    private readonly SessionSource _sessions;
    private readonly MeasurementWindow _window;
    private readonly StreamRecorder _recorder;
    private readonly ActorRecClient _client;

    // The client reports failed attempts from its own tasks; the recorder is not thread-safe.
    private readonly Lock _lock = new();

    /// <param name="channels">The endpoints, first one first; the caller owns and disposes them.</param>
    /// <param name="options">The load test's options (k).</param>
    /// <param name="sessions">Where sessions are drawn from.</param>
    /// <param name="window">The measured window.</param>
    /// <param name="recorder">What is measured.</param>
    public ClientWorker(IEnumerable<GrpcChannel> channels, LoadTestOptions options, SessionSource sessions, MeasurementWindow window, StreamRecorder recorder)
    {
        _sessions = sessions;
        _window = window;
        _recorder = recorder;
        _client = new ActorRecClient(channels, new ActorRecClientOptions { K = options.K, AttemptFailed = OnAttemptFailed });
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var client = _client;
        var corpus = _sessions.Corpus;
        while (Stopwatch.GetTimestamp() < _window.End && !cancellationToken.IsCancellationRequested)
        {
            var draw = _sessions.Next();
            await using var session = client.StartSession(draw.SessionId);
            for (var i = corpus.Offsets[draw.Session]; i < corpus.Offsets[draw.Session + 1] && Stopwatch.GetTimestamp() < _window.End; i++)
            {
                var sentAt = Stopwatch.GetTimestamp();
                var measured = _window.Contains(sentAt);
                lock (_lock)
                {
                    _recorder.RecordSent(measured);
                }

                try
                {
                    var answer = await session.ClickAsync(corpus.Items[i], corpus.EventTypes[i]).WaitAsync(cancellationToken);
                    var now = Stopwatch.GetTimestamp();
                    lock (_lock)
                    {
                        _recorder.RecordResponse(answer, now - sentAt, now, measured);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    Unanswered(measured);
                    return;
                }
                catch (Exception e) when (e is RpcException or ClickSessionFailedException)
                {
                    // Rejected for good (already counted by OnAttemptFailed) or given up after the click timeout: the
                    // session is abandoned, as an application would drop a visitor it cannot serve.
                    Unanswered(measured);
                    break;
                }
            }

            try
            {
                await session.CompleteAsync().WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or RpcException or ClickSessionFailedException)
            {
                // Its clicks are accounted for above; a session that cannot close cleanly changes nothing measured.
            }
        }
    }

    private void Unanswered(bool measured)
    {
        lock (_lock)
        {
            _recorder.RecordUnanswered(measured ? 1 : 0);
        }
    }

    private void OnAttemptFailed(ClickAttemptFailure failure)
    {
        lock (_lock)
        {
            _recorder.RecordFailed(failure.Status, 1);
        }
    }
}
