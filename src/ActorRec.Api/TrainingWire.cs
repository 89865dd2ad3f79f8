using ActorRec.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace ActorRec.Api;

/// <summary>The trainer's decisions and status (ActorRec.Abstractions) as the ModelAdmin contract writes them.</summary>
internal static class TrainingWire
{
    public static TrainingDecision ToWire(Abstractions.TrainingDecision decision)
    {
        var wire = new TrainingDecision
        {
            RunId = decision.RunId,
            Outcome = decision.Outcome switch
            {
                Abstractions.TrainingOutcome.Promoted => TrainingOutcome.Promoted,
                Abstractions.TrainingOutcome.Rejected => TrainingOutcome.Rejected,
                Abstractions.TrainingOutcome.Failed => TrainingOutcome.Failed,
                _ => TrainingOutcome.Unspecified,
            },
            Reason = decision.Reason,
            Trigger = decision.Trigger,
            BaseVersion = decision.BaseVersion ?? "",
            CandidateVersion = decision.CandidateVersion ?? "",
            StartedAt = Timestamp.FromDateTimeOffset(decision.StartedAt),
            FinishedAt = Timestamp.FromDateTimeOffset(decision.FinishedAt),
            GateMetric = decision.GateMetric,
            Margin = decision.Margin,
            LogClicks = decision.LogClicks,
            NewClicks = decision.NewClicks,
            TrainingSessions = decision.TrainingSessions,
            TrainingEvents = decision.TrainingEvents,
            BaseSessions = decision.BaseSessions,
            HoldoutSessions = decision.HoldoutSessions,
            HoldoutTargets = decision.HoldoutTargets,
            NewItems = decision.NewItems,
            ItemCount = decision.ItemCount,
            Epochs = decision.Epochs,
            PrepareTime = Seconds(decision.PrepareSeconds),
            TrainTime = Seconds(decision.TrainSeconds),
            EvaluateTime = Seconds(decision.EvaluateSeconds),
            PublishTime = Seconds(decision.PublishSeconds),
            TotalTime = Seconds(decision.TotalSeconds),
        };
        wire.CandidateMetrics.Add(decision.CandidateMetrics);
        wire.ActiveMetrics.Add(decision.ActiveMetrics);
        return wire;
    }

    public static TrainerStatus ToWire(Abstractions.TrainerStatus status) => new()
    {
        RunningRunId = status.RunningRunId ?? "",
        RunningSince = status.RunningSince is { } since ? Timestamp.FromDateTimeOffset(since) : null,
        NewClicks = status.NewClicks,
        MinNewClicks = status.MinNewClicks,
        LastRunAt = status.LastRunAt is { } last ? Timestamp.FromDateTimeOffset(last) : null,
        NextScheduledAt = status.NextScheduledAt is { } next ? Timestamp.FromDateTimeOffset(next) : null,
        Silo = status.Silo,
    };

    private static Duration Seconds(double seconds) => Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds));
}
