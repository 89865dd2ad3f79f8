namespace ActorRec.Api;

/// <summary>Counts clicks being processed, so that shutdown can wait for them before the silo stops.</summary>
internal sealed class InFlightClicks
{
    private readonly object _gate = new();
    private int _count;
    private TaskCompletionSource _idle = CompletedSource();

    public int Count => Volatile.Read(ref _count);

    public IDisposable Enter()
    {
        lock (_gate)
        {
            if (_count++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        return new Exit(this);
    }

    /// <summary>Completes when no click is in flight (at that moment).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return _idle.Task;
        }
    }

    private void Leave()
    {
        lock (_gate)
        {
            if (--_count == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }

    private sealed class Exit(InFlightClicks owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave();
            }
        }
    }
}
