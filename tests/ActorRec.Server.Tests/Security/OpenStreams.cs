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
            await DuplexCalls.WriteAsync(call, Clicks.Click(Clicks.NewSessionId("streams"), 1, item, 5), ct);
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
}
