namespace ActorRec.Abstractions;

/// <summary>What the trainer is doing and how close the next retraining run is.</summary>
/// <param name="RunningRunId">The run in progress, or null.</param>
/// <param name="RunningSince">When that run started.</param>
/// <param name="NewClicks">Clicks logged since the last run read the log.</param>
/// <param name="MinNewClicks">New clicks that start a run without waiting for the schedule; 0 when only the schedule does.</param>
/// <param name="LastRunAt">When the last run started, or null before the first.</param>
/// <param name="NextScheduledAt">When the schedule starts the next run if there are new clicks by then; null without a schedule.</param>
/// <param name="Silo">The silo the trainer runs on.</param>
[GenerateSerializer]
[Alias("actorrec.TrainerStatus")]
public sealed record TrainerStatus(
    [property: Id(0)] string? RunningRunId,
    [property: Id(1)] DateTimeOffset? RunningSince,
    [property: Id(2)] long NewClicks,
    [property: Id(3)] int MinNewClicks,
    [property: Id(4)] DateTimeOffset? LastRunAt,
    [property: Id(5)] DateTimeOffset? NextScheduledAt,
    [property: Id(6)] string Silo);
