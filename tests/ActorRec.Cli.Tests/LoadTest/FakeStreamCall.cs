using System.Threading.Channels;
using ActorRec.Contracts.V1;
using Grpc.Core;

namespace ActorRec.Cli.Tests.LoadTest;

/// <summary>One call of <see cref="FakeStreamInvoker"/>: the client's request writer and response reader, served by a task of its own.</summary>
internal sealed class FakeStreamCall : IClientStreamWriter<ClickEvent>, IAsyncStreamReader<Recommendation>
{
    private readonly Channel<ClickEvent> _requests = Channel.CreateUnbounded<ClickEvent>();
    private readonly Channel<Recommendation> _responses = Channel.CreateUnbounded<Recommendation>();
    private readonly CancellationToken _callToken;
    private readonly Lock _gate = new();
    private Status? _status;

    public FakeStreamCall(FakeStreamInvoker invoker, int index, CancellationToken callToken)
    {
        _callToken = callToken;
        _ = Task.Run(() => ServeAsync(invoker, index), CancellationToken.None);
    }

    public WriteOptions? WriteOptions { get; set; }

    public Recommendation Current { get; private set; } = null!;

    public Task WriteAsync(ClickEvent message)
    {
        if (Ended is { StatusCode: not StatusCode.OK } status)
        {
            throw new RpcException(status);
        }

        // The load generator reuses its message; a real call has serialized it by the time the write completes.
        if (!_requests.Writer.TryWrite(message.Clone()))
        {
            throw new InvalidOperationException("Can't write the message because the call is complete.");
        }

        return Task.CompletedTask;
    }

    public Task CompleteAsync()
    {
        _requests.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        try
        {
            if (await _responses.Reader.WaitToReadAsync(_callToken) && _responses.Reader.TryRead(out var response))
            {
                Current = response;
                return true;
            }
        }
        catch (OperationCanceledException)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
        }

        return Ended is { StatusCode: not StatusCode.OK } status ? throw new RpcException(status) : false;
    }

    public Status GetStatus() => Ended ?? throw new InvalidOperationException("The call is still running.");

    private Status? Ended
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    private async Task ServeAsync(FakeStreamInvoker invoker, int index)
    {
        var failure = invoker.Failure(index);
        var answered = 0;
        var status = Status.DefaultSuccess;
        try
        {
            await foreach (var click in _requests.Reader.ReadAllAsync(_callToken))
            {
                if (failure is { } fail && answered == fail.AfterAnswers)
                {
                    status = new Status(fail.Code, "injected failure");
                    break;
                }

                invoker.Received.Enqueue(click);
                if (invoker.Answer(index, click) is { } answer)
                {
                    _responses.Writer.TryWrite(answer);
                    answered++;
                }
            }
        }
        catch (OperationCanceledException)
        {
            status = new Status(StatusCode.Cancelled, "The call was cancelled.");
        }

        lock (_gate)
        {
            _status = status;
        }

        _requests.Writer.TryComplete();
        _responses.Writer.TryComplete();
    }
}
