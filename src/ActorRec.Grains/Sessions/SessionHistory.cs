namespace ActorRec.Grains.Sessions;

/// <summary>
/// A session's history after a click: the clicked id appended, the oldest ids dropped beyond the cap, and an id the
/// model did not know left out once the session already keeps as many of those as allowed.
/// </summary>
internal static class SessionHistory
{
    /// <summary>Returns the new history and its unknown flags, and whether the clicked id was kept.</summary>
    /// <param name="history">The ids kept so far, oldest first.</param>
    /// <param name="unknown">Their flags; shorter than <paramref name="history"/> for a state stored before flags existed (the missing, oldest, count as known).</param>
    /// <param name="itemId">The clicked id.</param>
    /// <param name="itemUnknown">Whether the model did not know it.</param>
    /// <param name="cap">Most ids kept.</param>
    /// <param name="maxUnknown">Most unknown ids kept.</param>
    public static (List<string> History, List<bool> Unknown, bool Kept) Append(
        IReadOnlyList<string> history, IReadOnlyList<bool> unknown, string itemId, bool itemUnknown, int cap, int maxUnknown)
    {
        var flags = Enumerable.Repeat(false, Math.Max(0, history.Count - unknown.Count)).Concat(unknown.Skip(Math.Max(0, unknown.Count - history.Count))).ToList();
        var drop = Math.Max(0, history.Count + 1 - cap);
        if (itemUnknown && flags.Skip(drop).Count(f => f) >= maxUnknown)
        {
            return ([.. history], flags, false);
        }

        return ([.. history.Skip(drop), itemId], [.. flags.Skip(drop), itemUnknown], true);
    }
}
