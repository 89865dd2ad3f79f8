using System.Collections.Concurrent;
using ActorRec.Contracts.V1;
using Grpc.Core;

namespace ActorRec.Cli.Tests.LoadTest;

/// <summary>
/// An in-memory Recommender.Stream behind the client's CallInvoker seam: each call answers its clicks in order, as
/// <see cref="Answer"/> says, and fails when <see cref="Failure"/> says so. It keeps every click it received.
/// </summary>
internal sealed class FakeStreamInvoker : CallInvoker
{
    private int _calls;

    /// <summary>The answer to a click of call n (0-based); null leaves the click unanswered.</summary>
    public Func<int, ClickEvent, Recommendation?> Answer { get; init; } =
        (_, click) => new Recommendation { SessionId = click.SessionId, Seq = click.Seq, ModelVersion = "v1", BatchSize = 2 };

    /// <summary>For call n, the number of clicks it answers before it fails with the code; null: it never fails.</summary>
    public Func<int, (int AfterAnswers, StatusCode Code)?> Failure { get; init; } = _ => null;

    /// <summary>Copies of the clicks received, in arrival order over all calls.</summary>
    public ConcurrentQueue<ClickEvent> Received { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var index = Interlocked.Increment(ref _calls) - 1;
        var call = new FakeStreamCall(this, index, options.CancellationToken);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(
            (IClientStreamWriter<TRequest>)(object)call,
            (IAsyncStreamReader<TResponse>)(object)call,
            Task.FromResult(new Metadata()),
            call.GetStatus,
            () => [],
            () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();
}
