using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace ActorRec.Api;

/// <summary>
/// Tells a gRPC call that failed because its request bytes could not be read as the method's message from one that
/// failed in this service, and names the status the client should get instead: INVALID_ARGUMENT, or
/// RESOURCE_EXHAUSTED for a frame longer than any message may be.
/// </summary>
internal static class MalformedRequest
{
    /// <summary>
    /// grpc-dotnet's own statuses (Grpc.AspNetCore.Server, PipeExtensions) for request framing it cannot accept. They
    /// carry no exception, so their text is what identifies them; the fuzz tests fail if a new version words them
    /// differently.
    /// </summary>
    private static readonly HashSet<string> UnreadableFrameDetails = new(StringComparer.Ordinal)
    {
        "Incomplete message.",
        "Additional data after the message received.",
        "Request did not include grpc-encoding value with compressed message.",
        "Request sent 'identity' grpc-encoding value with compressed message.",
    };

    /// <summary>The status to send instead of the call's own, or null when the call's status stands.</summary>
    public static Status? Reclassify(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is null)
        {
            return null;
        }

        // grpc-dotnet refuses a foreign content type before the call starts (HTTP 415, no call context).
        if (context.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return new Status(StatusCode.InvalidArgument, "the request's content-type must be application/grpc");
        }

        return context.Features.Get<IServerCallContextFeature>()?.ServerCallContext.Status is { } status ? Reclassify(status) : null;
    }

    public static Status? Reclassify(Status status)
    {
        if (status.StatusCode is not (StatusCode.Internal or StatusCode.Unknown))
        {
            return null;
        }

        if (status.StatusCode == StatusCode.Internal && status.DebugException is null && UnreadableFrameDetails.Contains(status.Detail))
        {
            return new Status(StatusCode.InvalidArgument, $"the request is not a well-formed gRPC message stream: {status.Detail}");
        }

        for (var e = status.DebugException; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case InvalidProtocolBufferException:
                    return new Status(StatusCode.InvalidArgument, "the request message is not valid protobuf for this method");

                // A compressed flag other than 0 or 1, or a compressed message that does not decompress.
                case InvalidDataException:
                    return new Status(StatusCode.InvalidArgument, "the request's gRPC frame is malformed or its compressed message does not decompress");

                // A length prefix of 2 GiB or more, which grpc-dotnet rejects before comparing it with the size limit.
                case IOException when e.Message.StartsWith("Message too large", StringComparison.Ordinal):
                    return new Status(StatusCode.ResourceExhausted, "the request's gRPC frame is longer than the largest message accepted");
            }
        }

        return null;
    }
}
