using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ActorRec.Api;

/// <summary>Maps known grain failures of unary calls, and any failure while shutting down, to their gRPC status instead of UNKNOWN.</summary>
internal sealed class ErrorMappingInterceptor(IHostApplicationLifetime lifetime) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException && ErrorMapping.TryMap(e, out var status))
        {
            throw new RpcException(status);
        }
        catch (Exception e) when (e is not RpcException && lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw new RpcException(ErrorMapping.ShuttingDown);
        }
    }
}
