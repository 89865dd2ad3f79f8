namespace ActorRec.Grains.Training;

/// <summary>What the training thread reports back: the gate's verdict, both models' metrics, the data's size and the timings.</summary>
internal sealed record RetrainingResult
{
    /// <summary>Whether the candidate passed the gate (and was saved).</summary>
    public bool Passed { get; init; }

    /// <summary>The gate's comparison, or why there was nothing to compare.</summary>
    public string Reason { get; init; } = "";

    /// <summary>The saved candidate's version id and folder, when it passed.</summary>
    public string? SavedVersion { get; init; }

    public string? SavedDirectory { get; init; }

    public Dictionary<string, double> CandidateMetrics { get; init; } = [];

    public Dictionary<string, double> ActiveMetrics { get; init; } = [];

    public long LogClicks { get; init; }

    public int TrainingSessions { get; init; }

    public long TrainingEvents { get; init; }

    public int BaseSessions { get; init; }

    public int HoldoutSessions { get; init; }

    public long HoldoutTargets { get; init; }

    public int NewItems { get; init; }

    public int ItemCount { get; init; }

    public int Epochs { get; init; }

    public double PrepareSeconds { get; init; }

    public double TrainSeconds { get; init; }

    public double EvaluateSeconds { get; init; }

    /// <summary>Time to write the checkpoint; activation is timed by the grain.</summary>
    public double SaveSeconds { get; init; }
}
