namespace ActorRec.Models.Training;

/// <summary>The outcome of one training epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="MeanLoss">Mean loss per target, as the official code reports it.</param>
/// <param name="Seconds">Wall-clock time of the epoch.</param>
/// <param name="Targets">Targets (events with a predecessor) trained on.</param>
public sealed record EpochResult(int Epoch, double MeanLoss, double Seconds, long Targets)
{
    public double TargetsPerSecond => Seconds > 0 ? Targets / Seconds : 0;
}
