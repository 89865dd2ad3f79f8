using System.Threading.Channels;

namespace ActorRec.Grains.Threading;

/// <summary>
/// Blocks a dedicated thread (never a pool or grain thread) until a channel has an item or is completed, with a
/// timeout: the wait of the gather loops that collect queued work until a size or a deadline and then run it together.
/// </summary>
/// <remarks>
/// A wait that timed out stays registered with the channel and is the one waited on next time: registering another
/// at every timeout would pile up waiters, however often the deadline expires, one per expiry, until the next item.
/// Used by one thread at a time.
/// </remarks>
internal sealed class ChannelWaiter<T>(ChannelReader<T> reader)
{
    private Task<bool>? _wait;

    /// <summary>
    /// Waits until the channel has an item or is completed, or <paramref name="timeout"/> passes; false on the timeout.
    /// On true, <paramref name="more"/> is false once the channel is completed and drained.
    /// </summary>
    public bool Wait(TimeSpan timeout, out bool more)
    {
        _wait ??= reader.WaitToReadAsync().AsTask();
        if (!_wait.Wait(timeout))
        {
            more = true;
            return false;
        }

        more = _wait.Result;
        _wait = null;
        return true;
    }
}
