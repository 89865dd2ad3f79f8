namespace ActorRec.Cli.Faults;

/// <summary>One injected fault and the clicks it disturbed. Guarded by the recorder's lock.</summary>
internal sealed class FaultRecord(string kind, string target, double injectedAt)
{
    public string Kind { get; } = kind;

    public string Target { get; } = target;

    /// <summary>Seconds into the run.</summary>
    public double InjectedAt { get; } = injectedAt;

    /// <summary>
    /// Clicks (session, position) unanswered at the injection or whose attempt failed after it (before the next fault),
    /// not yet answered.
    /// </summary>
    public HashSet<(string Session, int Position)> Waiting { get; } = [];

    /// <summary>Clicks that were ever in <see cref="Waiting"/>.</summary>
    public int Affected { get; set; }

    /// <summary>When the last disturbed click was answered, or the first click after the injection if none was disturbed.</summary>
    public double? RecoveredAt { get; set; }

    /// <summary>When the first click after the injection was answered.</summary>
    public double? FirstAnswerAt { get; set; }

    /// <summary>
    /// Seconds from the injection until what was hit was back: the killed process ready again (a silo SERVING, Redis
    /// answering PING), Redis awake, the activation accepted.
    /// </summary>
    public double? BackSeconds { get; set; }

    /// <summary>Why the fault could not be carried out (an activation no endpoint took), or null.</summary>
    public string? Problem { get; set; }

    /// <summary>Seconds from the injection until clicks succeeded again, or null when some disturbed click never was answered.</summary>
    public double? RecoverySeconds =>
        Problem is null && Waiting.Count == 0 && FirstAnswerAt is { } first ? Math.Max(first, RecoveredAt ?? first) - InjectedAt : null;
}
