using ActorRec.Abstractions;
using Grpc.Core;
using Orleans.Persistence.Redis;
using Orleans.Runtime.Messaging;
using Orleans.Storage;
using StackExchange.Redis;

namespace ActorRec.Api;

/// <summary>
/// Turns failures from the grains into the gRPC status a client can act on: transient faults (a silo or Redis gone,
/// a click not made durable) get retryable statuses, so that INTERNAL and UNKNOWN are left for bugs.
/// </summary>
internal static class ErrorMapping
{
    /// <summary>Any failure of a process that is shutting down: retryable elsewhere.</summary>
    public static readonly Status ShuttingDown = new(StatusCode.Unavailable, "this server is shutting down; retry with the same seq on another endpoint");

    public static bool TryMap(Exception exception, out Status status)
    {
        // Orleans and the storage providers wrap the cause; the innermost known one decides.
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (Map(e) is { } mapped)
            {
                status = mapped;
                return true;
            }
        }

        status = default;
        return false;
    }

    private static Status? Map(Exception exception) => exception switch
    {
        InferenceOverloadedException e => new Status(StatusCode.ResourceExhausted, e.Message),
        QuotaExceededException e => new Status(StatusCode.ResourceExhausted, e.Message),
        NoActiveModelException e => new Status(StatusCode.FailedPrecondition, e.Message),
        ModelLoadingException e => new Status(StatusCode.Unavailable, e.Message),
        UnknownModelVersionException e => new Status(StatusCode.NotFound, e.Message),
        SeqOutOfOrderException e => new Status(StatusCode.Aborted, e.Message),
        ClickNotAppliedException e => new Status(StatusCode.Unavailable, e.Message),

        // Another writer changed the state first (a membership change moved the session): nothing was applied here.
        InconsistentStateException => new Status(StatusCode.Aborted, "the session moved to another silo while this request ran; retry it with the same seq"),
        SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException =>
            new Status(StatusCode.Unavailable, "a silo of the cluster is unreachable; retry with the same seq"),

        // The storage provider reports a Redis failure as its own exception, with the cause only in the message (a session
        // activating while Redis restarts cannot read its state): nothing was applied, so the click is safe to retry.
        RedisConnectionException or RedisTimeoutException or RedisServerException or RedisStorageException =>
            new Status(StatusCode.Unavailable, "the cluster's Redis is unreachable or not ready; retry with the same seq"),

        // A grain call that timed out may still complete: the outcome is truly unknown, and a retry with the same seq
        // is answered as a duplicate if it did.
        TimeoutException => new Status(StatusCode.DeadlineExceeded, "the cluster did not answer in time; retry with the same seq"),

        // The call's deadline passed (or the client cancelled) while a grain worked on it: the grain stops before the
        // click is logged when it still can, so the outcome is unknown only in the last steps. Same answer as above.
        OperationCanceledException => new Status(StatusCode.DeadlineExceeded, "the call's deadline passed before the cluster answered; retry with the same seq"),
        _ => null,
    };
}
