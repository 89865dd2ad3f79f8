namespace ActorRec.Grains.ClickLog;

/// <summary>One accepted click as logged: applied by its session (not a retry), in the session's seq order.</summary>
/// <param name="SessionId">The session (grain key) the click belongs to.</param>
/// <param name="Seq">The client's sequence number of the click; with <paramref name="SessionId"/> it identifies the click.</param>
/// <param name="ItemId">External id of the item clicked (it may be outside the serving model's vocabulary).</param>
/// <param name="EventType">Lower-case event kind: click, view, cart or purchase.</param>
/// <param name="TimestampUnixMs">When the user acted, in Unix milliseconds (the server's receive time when the client gave none).</param>
public sealed record LoggedClick(string SessionId, long Seq, string ItemId, string EventType, long TimestampUnixMs);
