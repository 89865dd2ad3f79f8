namespace ActorRec.Cli.Faults;

/// <summary>One injected fault in the report.</summary>
/// <param name="Kind">silo kill, redis kill, redis stall, activation.</param>
/// <param name="Target">The silo, Redis, or the version activated.</param>
/// <param name="At">Seconds into the traffic.</param>
/// <param name="RecoverySeconds">From the injection until clicks succeeded again; null when they did not (unrecovered).</param>
/// <param name="BackSeconds">From the injection until what was hit was back (a killed process ready, Redis awake, the activation accepted).</param>
/// <param name="AffectedClicks">Clicks unanswered at the injection or whose attempts failed before the next fault.</param>
/// <param name="Problem">Why the fault could not be carried out, if it could not.</param>
internal sealed record FaultSummary(string Kind, string Target, double At, double? RecoverySeconds, double? BackSeconds, int AffectedClicks, string? Problem);
