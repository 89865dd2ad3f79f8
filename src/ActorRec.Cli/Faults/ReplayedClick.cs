namespace ActorRec.Cli.Faults;

/// <summary>One click of a replayed session, identified by its place in the replayed session (which a resume keeps).</summary>
/// <param name="Position">1-based place in the replayed session.</param>
/// <param name="ItemId">The item clicked.</param>
/// <param name="EventType">The wire event type.</param>
/// <param name="QueuedAt">Seconds into the run when it was first queued.</param>
internal sealed record ReplayedClick(int Position, string ItemId, string EventType, double QueuedAt);
