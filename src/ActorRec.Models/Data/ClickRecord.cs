namespace ActorRec.Models.Data;

/// <summary>One event of a click log as read from its source, before item ids are mapped to indices.</summary>
/// <param name="SessionId">The session the event belongs to, as written in the source.</param>
/// <param name="ItemId">The external item id, as written in the source.</param>
/// <param name="Timestamp">Seconds (any epoch); order-only sources use the event's position.</param>
/// <param name="EventType">Canonical event type name (see <see cref="EventTypes"/>).</param>
/// <param name="LineNumber">1-based line in the source file, for error reports.</param>
public readonly record struct ClickRecord(string SessionId, string ItemId, double Timestamp, string EventType, long LineNumber);
