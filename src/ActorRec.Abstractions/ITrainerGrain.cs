namespace ActorRec.Abstractions;

/// <summary>
/// The cluster's trainer (a single grain with key 0, placed only on silos that allow training): retrains the active
/// model on the click log, promotes a candidate only when it passes the quality gate, and keeps a record of every decision.
/// </summary>
[Alias("actorrec.ITrainerGrain")]
public interface ITrainerGrain : IGrainWithIntegerKey
{
    /// <summary>Counts the clicks logged since the last look and starts a run when enough arrived or the schedule is due.</summary>
    [Alias("Check")]
    Task CheckAsync();

    /// <summary>
    /// Starts a run now unless one is in progress. Without <paramref name="force"/> only when at least MinNewClicks
    /// clicks are new; with it whatever their number. Returns at once: the run's decision appears in <see cref="ListDecisionsAsync"/>.
    /// </summary>
    [Alias("Trigger")]
    Task<RetrainTicket> TriggerAsync(bool force);

    /// <summary>The latest decisions, newest first; at most <paramref name="limit"/> of them (0: all that are kept).</summary>
    [Alias("ListDecisions")]
    Task<TrainingDecision[]> ListDecisionsAsync(int limit);

    /// <summary>What the trainer is doing now.</summary>
    [Alias("GetStatus")]
    Task<TrainerStatus> GetStatusAsync();
}
