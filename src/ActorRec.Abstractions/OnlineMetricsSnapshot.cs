namespace ActorRec.Abstractions;

/// <summary>The online metrics of one silo, or of several merged.</summary>
/// <param name="Versions">Per model version with events in the window, most events first.</param>
/// <param name="Window">The sliding window the counts cover.</param>
/// <param name="K">The cutoff: a hit is a click among the first K items served.</param>
/// <param name="ActiveSessions">Session grains active (in memory) now.</param>
/// <param name="Silos">Silos whose numbers are included.</param>
/// <param name="UnreachableSilos">Active silos that did not answer, whose numbers are missing.</param>
[GenerateSerializer, Immutable]
[Alias("actorrec.OnlineMetricsSnapshot")]
public sealed record OnlineMetricsSnapshot(
    [property: Id(0)] OnlineVersionMetrics[] Versions,
    [property: Id(1)] TimeSpan Window,
    [property: Id(2)] int K,
    [property: Id(3)] long ActiveSessions,
    [property: Id(4)] int Silos,
    [property: Id(5)] int UnreachableSilos);
