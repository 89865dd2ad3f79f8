using ActorRec.Abstractions;
using Orleans.Placement;

namespace ActorRec.Grains.OnlineMetrics;

/// <summary>Reads the online metrics of the silo it runs on; see <see cref="ISiloOnlineMetricsGrain"/>.</summary>
/// <remarks>Immovable: its whole point is where it runs, so activation rebalancing must never move it.</remarks>
[Immovable]
internal sealed class SiloOnlineMetricsGrain(OnlineAccuracyWindow accuracy, ServingMetrics serving, ILocalSiloDetails silo) : Grain, ISiloOnlineMetricsGrain
{
    public Task<OnlineMetricsSnapshot> GetLocalAsync()
    {
        var here = silo.SiloAddress.ToParsableString();
        if (this.GetPrimaryKeyString() != here)
        {
            // Placed away from the silo it names (that silo left before the first call): it would report another
            // silo's numbers as that one's.
            DeactivateOnIdle();
            throw new InvalidOperationException($"The online metrics grain of silo {this.GetPrimaryKeyString()} runs on {here}.");
        }

        return Task.FromResult(new OnlineMetricsSnapshot(accuracy.Snapshot(), accuracy.Window, accuracy.K, serving.ActiveSessions, Silos: 1, UnreachableSilos: 0));
    }
}
