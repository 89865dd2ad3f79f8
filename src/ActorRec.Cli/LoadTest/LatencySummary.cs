namespace ActorRec.Cli.LoadTest;

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record LatencySummary(double P50, double P90, double P99, double P999, double Max, double Mean);
