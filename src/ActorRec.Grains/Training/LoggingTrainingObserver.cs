using ActorRec.Models.Training;
using Microsoft.Extensions.Logging;

namespace ActorRec.Grains.Training;

/// <summary>The default observer: logs each epoch.</summary>
internal sealed partial class LoggingTrainingObserver(ILogger<LoggingTrainingObserver> logger) : ITrainingObserver
{
    public void EpochCompleted(string runId, EpochResult epoch) =>
        LogEpoch(logger, runId, epoch.Epoch, epoch.MeanLoss, epoch.Seconds, epoch.TargetsPerSecond);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Retraining {RunId}: epoch {Epoch} loss {Loss:F4} in {Seconds:F1} s ({TargetsPerSecond:F0} targets/s)")]
    private static partial void LogEpoch(ILogger logger, string runId, int epoch, double loss, double seconds, double targetsPerSecond);
}
