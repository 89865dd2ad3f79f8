using ActorRec.Contracts.V1;

namespace ActorRec.Cli.Faults;

/// <summary>
/// What the harness knows of one replayed session: the clicks the server confirmed as applied, in seq order (answered,
/// or learned when the session was resumed), the answers, and the clicks still unanswered. Guarded by the recorder's lock.
/// </summary>
internal sealed class SessionTrack(string id)
{
    public string Id { get; } = id;

    /// <summary>The click of each confirmed seq: index 0 is seq 1.</summary>
    public List<ReplayedClick> Confirmed { get; } = [];

    /// <summary>The answer to each acknowledged seq.</summary>
    public Dictionary<long, Recommendation> Answers { get; } = [];

    /// <summary>Clicks sent and not yet confirmed, in click order: they take the seqs after <see cref="Confirmed"/>.</summary>
    public List<ReplayedClick> Unanswered { get; } = [];

    /// <summary>The highest seq answered to the client.</summary>
    public long LastAcknowledged { get; set; }

    /// <summary>Answers whose seq was not the one the session's order called for.</summary>
    public int WrongSeqAnswers { get; set; }

    /// <summary>Times the server reported fewer applied clicks than had been answered (at a resume).</summary>
    public int Regressions { get; set; }

    /// <summary>Times the server reported more applied clicks than were ever sent (at a resume).</summary>
    public int Overruns { get; set; }

    /// <summary>Clicks learned as applied at a resume, never answered.</summary>
    public int AppliedUnanswered { get; set; }
}
