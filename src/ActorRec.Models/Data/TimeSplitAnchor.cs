namespace ActorRec.Models.Data;

/// <summary>Which time of a session decides its side of a time split.</summary>
public enum TimeSplitAnchor
{
    /// <summary>The session's last event, as the official GRU4Rec preprocessing does: no test session starts in training time only to end later.</summary>
    SessionEnd,

    /// <summary>The session's first event.</summary>
    SessionStart,
}
