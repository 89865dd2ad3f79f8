using ActorRec.Contracts.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ActorRec.Api.Telemetry;

/// <summary>
/// Counts the public API's answers by status (<see cref="ApiCallMetrics"/>). Registered first, so that it sees the
/// status the client gets, after <see cref="ErrorMappingInterceptor"/> has mapped grain failures.
/// </summary>
internal sealed class ApiMetricsInterceptor(ApiCallMetrics metrics) : Interceptor
{
    /// <summary>Only ActorRec's own services; health probes and reflection would drown the answers that matter.</summary>
    private const string CountedPrefix = "/actorrec.";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!context.Method.StartsWith(CountedPrefix, StringComparison.Ordinal))
        {
            return await continuation(request, context);
        }

        try
        {
            var response = await continuation(request, context);
            metrics.Answered(context.Method, StatusCode.OK);
            return response;
        }
        catch (Exception e)
        {
            metrics.Answered(context.Method, StatusOf(e, context));
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!context.Method.StartsWith(CountedPrefix, StringComparison.Ordinal))
        {
            await continuation(requestStream, responseStream, context);
            return;
        }

        try
        {
            await continuation(requestStream, new CountingStreamWriter<TResponse>(responseStream, answer => metrics.Answered(context.Method, answer)), context);
        }
        catch (Exception e)
        {
            metrics.Answered(context.Method, StatusOf(e, context));
            throw;
        }
    }

    /// <summary>The status grpc-dotnet sends for <paramref name="exception"/>.</summary>
    private static StatusCode StatusOf(Exception exception, ServerCallContext context) => exception switch
    {
        RpcException rpc => rpc.StatusCode,
        OperationCanceledException when context.CancellationToken.IsCancellationRequested => StatusCode.Cancelled,
        _ => StatusCode.Unknown,
    };

    /// <summary>The status of one streamed answer: a recommendation carries its click's error in band.</summary>
    internal static StatusCode StatusOf(object? answer) =>
        answer is Recommendation { Error: { } error } ? (StatusCode)error.Code : StatusCode.OK;
}
