using ActorRec.Abstractions;
using ActorRec.Grains.Runtime;

namespace ActorRec.Grains.Sessions;

/// <summary>
/// The slot leases of one tenant's active sessions, held in memory. A session calls it on its first click and then
/// about twice per idle timeout while it is clicked, never per click, so sessions stay placed on the silo their clicks
/// arrive at and the tenant's count costs one hop per session, not one per click.
/// </summary>
/// <remarks>
/// Leases rather than a count of activations: a silo that dies cannot release its sessions' slots, and an expiring
/// lease gives them back within one idle timeout. The table is not persisted (a write per new session would cost a
/// Redis round trip on the first click): if this activation is lost, running sessions re-register on their next
/// renewal, and until they have, the tenant may admit up to its limit again. That over-admission is bounded by the
/// limit and lasts at most half an idle timeout; a persisted table would close it at the price of every first click.
/// </remarks>
internal sealed class TenantSessionsGrain(LimitClock clock) : Grain, ITenantSessionsGrain
{
    private readonly Dictionary<string, DateTimeOffset> _leases = new(StringComparer.Ordinal);

    // Expiry order; renewals leave stale entries behind, recognised by their expiry no longer matching the lease's.
    private readonly PriorityQueue<string, DateTimeOffset> _expiries = new();

    public Task<bool> AcquireAsync(string sessionKey, int limit, TimeSpan lease, bool renewal)
    {
        var now = clock.UtcNow;
        DropExpired(now);

        // Kept in memory as long as any lease it handed out can be alive, so that idle collection does not forget them.
        DelayDeactivation(lease);
        if (!_leases.ContainsKey(sessionKey) && !renewal && _leases.Count >= limit)
        {
            return Task.FromResult(false);
        }

        var expiry = now + lease;
        _leases[sessionKey] = expiry;
        _expiries.Enqueue(sessionKey, expiry);
        return Task.FromResult(true);
    }

    public Task ReleaseAsync(string sessionKey)
    {
        _leases.Remove(sessionKey);
        return Task.CompletedTask;
    }

    public Task<int> CountActiveAsync()
    {
        DropExpired(clock.UtcNow);
        return Task.FromResult(_leases.Count);
    }

    private void DropExpired(DateTimeOffset now)
    {
        while (_expiries.TryPeek(out var key, out var expiry) && expiry <= now)
        {
            _expiries.Dequeue();
            if (_leases.TryGetValue(key, out var current) && current == expiry)
            {
                _leases.Remove(key);
            }
        }
    }
}
