using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Core;
using Xunit;

namespace ActorRec.Server.Tests.Security;

/// <summary>Streams opened for the stream-limit tests.</summary>
internal static class OpenStreams
{
    /// <summary>A stream that has answered one click, so it is open on the server; disposed when opening fails.</summary>
    public static async Task<AsyncDuplexStreamingCall<ClickEvent, Recommendation>> OpenAsync(Recommender.RecommenderClient client, string item, CancellationToken ct)
    {
        var call = client.Stream(cancellationToken: ct);
        try
        {
            await WriteAsync(call, Clicks.Click(Clicks.NewSessionId("streams"), 1, item, 5), ct);
            Assert.True(await call.ResponseStream.MoveNext(ct), "the stream closed without an answer");
            Assert.Null(call.ResponseStream.Current.Error);
            return call;
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes a click. A write that races the server's refusal of the call fails with CANCELLED while the client has
    /// not yet read the trailers; this throws the call's own status instead, read from the response.
    /// </summary>
    public static async Task WriteAsync(AsyncDuplexStreamingCall<ClickEvent, Recommendation> call, ClickEvent click, CancellationToken ct)
    {
        try
        {
            await call.RequestStream.WriteAsync(click, ct);
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
