namespace ActorRec.Abstractions;

/// <summary>
/// Reports one silo's online metrics; keyed by the silo's address (SiloAddress.ToParsableString()) and placed on that
/// silo, so that a fan-out over the cluster's silos reads each silo's own numbers.
/// </summary>
[Alias("actorrec.ISiloOnlineMetricsGrain")]
public interface ISiloOnlineMetricsGrain : IGrainWithStringKey
{
    /// <summary>The online metrics of the silo this grain runs on; fails when it runs on another silo than its key names.</summary>
    [Alias("GetLocal")]
    Task<OnlineMetricsSnapshot> GetLocalAsync();
}
