namespace ActorRec.Models.Training;

/// <summary>Progress of a training run, reported a few times per second at most.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Targets">Targets processed in this epoch so far.</param>
/// <param name="TargetsPerEpoch">Targets in one epoch.</param>
/// <param name="MeanLoss">Mean loss per target in this epoch so far.</param>
/// <param name="TargetsPerSecond">Throughput of this epoch so far.</param>
public readonly record struct TrainingProgress(int Epoch, int Epochs, long Targets, long TargetsPerEpoch, double MeanLoss, double TargetsPerSecond);
