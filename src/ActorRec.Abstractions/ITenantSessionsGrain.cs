using Orleans.Concurrency;

namespace ActorRec.Abstractions;

/// <summary>
/// The slots of one tenant's active sessions, keyed by tenant: a session leases a slot on its first click and renews
/// it while it is clicked, so that the tenant's active sessions can be capped cluster-wide without a call per click.
/// </summary>
[Alias("actorrec.ITenantSessionsGrain")]
public interface ITenantSessionsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Leases (or renews) a slot for <paramref name="sessionKey"/> for <paramref name="lease"/>; returns false, leasing
    /// nothing, when <paramref name="limit"/> sessions already hold one. A <paramref name="renewal"/> of a session that
    /// held a slot is granted whatever the count, so that a running session is never cut off mid-way.
    /// </summary>
    [Alias("Acquire")]
    Task<bool> AcquireAsync(string sessionKey, int limit, TimeSpan lease, bool renewal);

    /// <summary>Gives the slot of <paramref name="sessionKey"/> back (its session ended or left memory).</summary>
    [Alias("Release")]
    [OneWay]
    Task ReleaseAsync(string sessionKey);

    /// <summary>How many sessions hold an unexpired slot now.</summary>
    [Alias("CountActive")]
    Task<int> CountActiveAsync();
}
