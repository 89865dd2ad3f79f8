using ActorRec.Contracts.V1;
using Grpc.Core;

namespace ActorRec.Cli.LoadTest;

/// <summary>Reads why a stream call failed when the exception at hand does not say.</summary>
internal static class CallStatus
{
    /// <summary>
    /// A write to a call that has already ended throws InvalidOperationException rather than the call's status; the
    /// status is on the call, when it has one.
    /// </summary>
    public static StatusCode Of(AsyncDuplexStreamingCall<ClickEvent, Recommendation> call)
    {
        try
        {
            return call.GetStatus().StatusCode;
        }
        catch (InvalidOperationException)
        {
            return StatusCode.Unknown;
        }
    }
}
