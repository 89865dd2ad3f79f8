using ActorRec.Abstractions;
using Grpc.Core;

namespace ActorRec.Server.Services;

/// <summary>Turns failures from the grains into the gRPC status a client can act on.</summary>
internal static class ErrorMapping
{
    public static bool TryMap(Exception exception, out Status status)
    {
        Status? mapped = exception switch
        {
            InferenceOverloadedException e => new Status(StatusCode.ResourceExhausted, e.Message),
            NoActiveModelException e => new Status(StatusCode.FailedPrecondition, e.Message),
            UnknownModelVersionException e => new Status(StatusCode.NotFound, e.Message),
            TimeoutException => new Status(StatusCode.DeadlineExceeded, "the cluster did not answer in time"),
            _ => null,
        };
        status = mapped ?? default;
        return mapped is not null;
    }
}
