using ActorRec.Abstractions;

namespace ActorRec.Grains.Training;

/// <summary>
/// The trainer's persisted state: where it is in the click log, the positions its window can be read back from, and its
/// decisions. A storage contract in Redis, so its ids never change meaning.
/// </summary>
[GenerateSerializer]
[Alias("actorrec.TrainerState")]
public sealed class TrainerState
{
    /// <summary>Position after the last click counted; empty before the first.</summary>
    [Id(0)]
    public string Position { get; set; } = "";

    /// <summary>Clicks counted up to <see cref="Position"/>.</summary>
    [Id(1)]
    public long ClicksCounted { get; set; }

    /// <summary><see cref="ClicksCounted"/> when the last run read the log; the difference is the number of new clicks.</summary>
    [Id(2)]
    public long ClicksAtLastRun { get; set; }

    /// <summary>
    /// Positions at page boundaries, oldest first: a run reads its window from the newest mark that is at least
    /// <see cref="TrainingOptions.WindowClicks"/> clicks back. Marks older than that one are dropped.
    /// </summary>
    [Id(3)]
    public List<LogMark> Marks { get; set; } = [];

    /// <summary>When the last run started; null before the first.</summary>
    [Id(4)]
    public DateTimeOffset? LastRunAt { get; set; }

    /// <summary>Runs started so far, for run ids.</summary>
    [Id(5)]
    public long Runs { get; set; }

    /// <summary>Decisions, newest first, at most <see cref="TrainingOptions.KeepDecisions"/>.</summary>
    [Id(6)]
    public List<TrainingDecision> Decisions { get; set; } = [];

    /// <summary>When an operator's trigger last started a run; the operator cooldown counts from it.</summary>
    [Id(7)]
    public DateTimeOffset? LastOperatorRunAt { get; set; }
}
