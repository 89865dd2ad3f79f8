namespace ActorRec.Abstractions;

/// <summary>One validated user event for a session grain, as received over the wire.</summary>
/// <param name="Seq">Client sequence number, &gt; 0 and strictly increasing per session; a seq at or below the latest applied one is a retry.</param>
/// <param name="ItemId">External item id of the item the user acted on.</param>
/// <param name="EventType">Lower-case event kind: click, view, cart or purchase.</param>
/// <param name="TimestampUnixMs">When the user acted, in Unix milliseconds (the server's receive time when the client gave none).</param>
/// <param name="K">Number of items to return, 1..Serving:MaxK, checked by the API (which resolves 0 to the configured default).</param>
/// <param name="ExcludeSeen">Whether items already in the session's history are left out of the answer.</param>
[GenerateSerializer, Immutable]
[Alias("actorrec.ClickCommand")]
public sealed record ClickCommand(
    [property: Id(0)] long Seq,
    [property: Id(1)] string ItemId,
    [property: Id(2)] string EventType,
    [property: Id(3)] long TimestampUnixMs,
    [property: Id(4)] int K,
    [property: Id(5)] bool ExcludeSeen);
