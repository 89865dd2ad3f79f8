namespace ActorRec.Models.Checkpoints;

/// <summary>One training epoch as recorded in a manifest.</summary>
public sealed record EpochRecord(int Epoch, double MeanLoss, double Seconds, double TargetsPerSecond, double? ValidationRecall20, double? ValidationMrr20);
