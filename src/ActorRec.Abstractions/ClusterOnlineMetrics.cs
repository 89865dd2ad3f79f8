using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;

namespace ActorRec.Abstractions;

/// <summary>
/// The cluster's online metrics: asks every active silo's <see cref="ISiloOnlineMetricsGrain"/> for its counts and adds
/// them up, per model version (hit rate and MRR are recomputed from the summed counts, not averaged).
/// </summary>
public sealed partial class ClusterOnlineMetrics(IGrainFactory grains, ILogger<ClusterOnlineMetrics> logger)
{
    public async Task<OnlineMetricsSnapshot> GetAsync()
    {
        var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var answers = await Task.WhenAll(silos.Keys.Select(AskAsync));
        var answered = answers.OfType<OnlineMetricsSnapshot>().ToList();
        return Merge(answered, answers.Length - answered.Count);
    }

    /// <summary>Adds up per-silo snapshots; window and K are taken from the first (silos share one configuration).</summary>
    public static OnlineMetricsSnapshot Merge(IReadOnlyList<OnlineMetricsSnapshot> snapshots, int unreachableSilos)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var versions = snapshots
            .SelectMany(s => s.Versions)
            .GroupBy(v => v.ModelVersion, StringComparer.Ordinal)
            .Select(g => new OnlineVersionMetrics(g.Key, g.Sum(v => v.Events), g.Sum(v => v.Hits), g.Sum(v => v.ReciprocalRankSum)))
            .OrderByDescending(v => v.Events)
            .ThenBy(v => v.ModelVersion, StringComparer.Ordinal)
            .ToArray();
        var first = snapshots.Count > 0 ? snapshots[0] : null;
        return new OnlineMetricsSnapshot(
            versions,
            first?.Window ?? TimeSpan.Zero,
            first?.K ?? 0,
            snapshots.Sum(s => s.ActiveSessions),
            snapshots.Sum(s => s.Silos),
            unreachableSilos + snapshots.Sum(s => s.UnreachableSilos));
    }

    private async Task<OnlineMetricsSnapshot?> AskAsync(SiloAddress silo)
    {
        // The hint places the silo's reporting grain on that silo when the call activates it; it stays there after.
        // Set inside this method, it flows to this call only.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            return await grains.GetGrain<ISiloOnlineMetricsGrain>(silo.ToParsableString()).GetLocalAsync();
        }
        catch (Exception e)
        {
            // A silo that is leaving, or died since the membership table was read, must not fail the whole report: it
            // is counted as unreachable instead, which the answer shows.
            LogSiloUnreachable(logger, e, silo.ToString());
            return null;
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} did not report its online metrics")]
    private static partial void LogSiloUnreachable(ILogger logger, Exception exception, string silo);
}
