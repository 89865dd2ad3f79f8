using Grpc.Core;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>Writes to a bidirectional call the way a test expecting the server to refuse the call needs them.</summary>
internal static class DuplexCalls
{
    /// <summary>
    /// Writes one message. A write that races the server's refusal of the call fails with CANCELLED while the client has
    /// not yet read the trailers; this throws the call's own status instead (UNAUTHENTICATED, RESOURCE_EXHAUSTED, ...),
    /// read from the response.
    /// </summary>
    public static async Task WriteAsync<TRequest, TResponse>(AsyncDuplexStreamingCall<TRequest, TResponse> call, TRequest message, CancellationToken ct)
    {
        try
        {
            await call.RequestStream.WriteAsync(message, ct);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && !ct.IsCancellationRequested)
        {
            while (await call.ResponseStream.MoveNext(ct))
            {
            }

            var status = call.GetStatus();
            if (status.StatusCode == StatusCode.OK)
            {
                throw;
            }

            throw new RpcException(status);
        }
    }
}
