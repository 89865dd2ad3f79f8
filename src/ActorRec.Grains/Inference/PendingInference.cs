using System.Diagnostics;
using ActorRec.Grains.Tracing;

namespace ActorRec.Grains.Inference;

/// <summary>A queued request and the task its caller awaits.</summary>
internal sealed class PendingInference : TaskCompletionSource<InferenceResult>
{
    private CancellationTokenRegistration _cancellation;

    // Continuations run on the pool, never inline on the inference worker, which must get back to its queue.
    public PendingInference(InferenceRequest request)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Request = request;
        EnqueuedAt = Stopwatch.GetTimestamp();

        // Captured here, on the caller's side: the batch runs on the engine's thread, where no caller's context flows.
        if (ActorRecTracing.Source.HasListeners())
        {
            Caller = Activity.Current?.Context ?? default;
        }
    }

    public InferenceRequest Request { get; }

    /// <summary>Stopwatch timestamp of submission; the batch deadline counts from the oldest request's.</summary>
    public long EnqueuedAt { get; }

    /// <summary>The trace context of the call that submitted the request (none when not tracing), for the batch span's links.</summary>
    public ActivityContext Caller { get; }

    /// <summary>Whether the request still needs an answer (its caller may have cancelled it while it waited).</summary>
    public bool IsPending => !Task.IsCompleted;

    /// <summary>Cancels the caller's task when <paramref name="cancellationToken"/> fires; call before enqueueing.</summary>
    public void WatchCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingInference)state!).TrySetCanceled(token), this);
        }
    }

    /// <summary>Stops watching for cancellation of a request that was never queued.</summary>
    public void Abandon() => _cancellation.Unregister();

    public void Succeed(InferenceResult result)
    {
        TrySetResult(result);
        _cancellation.Unregister();
    }

    public void Fail(Exception exception)
    {
        TrySetException(exception);
        _cancellation.Unregister();
    }
}
