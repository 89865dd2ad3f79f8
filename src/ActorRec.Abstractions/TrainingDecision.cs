namespace ActorRec.Abstractions;

/// <summary>The record of one retraining run: what it trained on, how both models scored and what was decided, and why.</summary>
/// <remarks>Kept in the trainer's persisted state, so the ids are a storage contract: never reuse or renumber one.</remarks>
[GenerateSerializer]
[Alias("actorrec.TrainingDecision")]
public sealed record TrainingDecision
{
    /// <summary>Unique id of the run.</summary>
    [Id(0)]
    public string RunId { get; init; } = "";

    [Id(1)]
    public TrainingOutcome Outcome { get; init; }

    /// <summary>Why: the gate's comparison, the reason for a rejection or the error of a failure.</summary>
    [Id(2)]
    public string Reason { get; init; } = "";

    /// <summary>What started the run: "schedule", "new-clicks", "manual" or "manual-forced".</summary>
    [Id(3)]
    public string Trigger { get; init; } = "";

    /// <summary>The active version the candidate was warm-started from and compared with; null when none was active.</summary>
    [Id(4)]
    public string? BaseVersion { get; init; }

    /// <summary>The version the candidate was saved as; null unless it was promoted.</summary>
    [Id(5)]
    public string? CandidateVersion { get; init; }

    [Id(6)]
    public DateTimeOffset StartedAt { get; init; }

    [Id(7)]
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>The metric the gate compares, e.g. "recall@20".</summary>
    [Id(8)]
    public string GateMetric { get; init; } = "";

    /// <summary>How much worse than the active model the candidate may score and still be promoted.</summary>
    [Id(9)]
    public double Margin { get; init; }

    /// <summary>The candidate's metrics on the held-out sessions ("recall@20", "mrr@20", ...); empty when it was not evaluated.</summary>
    [Id(10)]
    public Dictionary<string, double> CandidateMetrics { get; init; } = [];

    /// <summary>The active model's metrics on the same sessions, items it does not know counting as misses.</summary>
    [Id(11)]
    public Dictionary<string, double> ActiveMetrics { get; init; } = [];

    /// <summary>Clicks read from the log window.</summary>
    [Id(12)]
    public long LogClicks { get; init; }

    /// <summary>Clicks logged since the previous run read the log.</summary>
    [Id(13)]
    public long NewClicks { get; init; }

    /// <summary>Sessions trained on, base data included.</summary>
    [Id(14)]
    public int TrainingSessions { get; init; }

    /// <summary>Events trained on, base data included.</summary>
    [Id(15)]
    public long TrainingEvents { get; init; }

    /// <summary>Of <see cref="TrainingSessions"/>, those from the base data set.</summary>
    [Id(16)]
    public int BaseSessions { get; init; }

    /// <summary>The newest logged sessions, held out to evaluate both models.</summary>
    [Id(17)]
    public int HoldoutSessions { get; init; }

    /// <summary>Next-item targets in the held-out sessions.</summary>
    [Id(18)]
    public long HoldoutTargets { get; init; }

    /// <summary>Items added to the vocabulary because they reached the minimum support.</summary>
    [Id(19)]
    public int NewItems { get; init; }

    /// <summary>The candidate's vocabulary size.</summary>
    [Id(20)]
    public int ItemCount { get; init; }

    /// <summary>Training epochs run.</summary>
    [Id(21)]
    public int Epochs { get; init; }

    /// <summary>Reading the click log and the base data and building the training set.</summary>
    [Id(22)]
    public double PrepareSeconds { get; init; }

    [Id(23)]
    public double TrainSeconds { get; init; }

    /// <summary>Evaluating both models.</summary>
    [Id(24)]
    public double EvaluateSeconds { get; init; }

    /// <summary>Saving the checkpoint and activating it across the cluster.</summary>
    [Id(25)]
    public double PublishSeconds { get; init; }

    [Id(26)]
    public double TotalSeconds { get; init; }
}
