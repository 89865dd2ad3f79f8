
using ActorRec.Grains.Serving;

namespace ActorRec.Grains.Tests.Inference;

/// <summary>
/// The model host behind a gate: while closed, the engine's worker leases the model and then stops there, holding
/// its collected batch (and the lease) until the test opens the gate.
/// </summary>
internal sealed class GatedModelSource(ModelHost host) : IModelSource, IDisposable
{
    private readonly ManualResetEventSlim _open = new(initialState: true);
    private readonly SemaphoreSlim _held = new(0);

    public LoadedModel? Current => host.Current;

    public void Close() => _open.Reset();

    public void Open() => _open.Set();

    /// <summary>Waits until the worker is stopped at the closed gate with a batch.</summary>
    public void WaitUntilHeld()
    {
        if (!_held.Wait(Deadline.Timeout))
        {
            throw new TimeoutException("The inference worker never reached the closed gate with a batch.");
        }
    }

    public ModelLease Acquire()
    {
        var lease = host.Acquire();
        if (!_open.IsSet)
        {
            _held.Release();
            if (!_open.Wait(Deadline.Timeout))
            {
                lease.Dispose();
                throw new TimeoutException("The test never opened the gate.");
            }
        }

        return lease;
    }

    public void Dispose()
    {
        _open.Dispose();
        _held.Dispose();
    }
}
