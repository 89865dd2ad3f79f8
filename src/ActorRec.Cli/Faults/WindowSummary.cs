namespace ActorRec.Cli.Faults;

/// <summary>What the clicks sent between one fault and the next saw: failed attempts by status and latency (retries included).</summary>
/// <param name="Label">The fault that opens the window, or "no fault" for the time before the first.</param>
/// <param name="From">Seconds into the traffic.</param>
/// <param name="To">Seconds into the traffic.</param>
/// <param name="Errors">Failed attempts by gRPC status.</param>
/// <param name="Answered">Clicks queued in the window and answered.</param>
/// <param name="P50Ms">Median latency from queueing to answer.</param>
/// <param name="P99Ms">99th percentile.</param>
/// <param name="MaxMs">Slowest answer.</param>
internal sealed record WindowSummary(string Label, double From, double To, SortedDictionary<string, int> Errors, int Answered, double P50Ms, double P99Ms, double MaxMs);
