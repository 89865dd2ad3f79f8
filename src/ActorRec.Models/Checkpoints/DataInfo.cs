namespace ActorRec.Models.Checkpoints;

/// <summary>What a model was trained and tested on.</summary>
/// <param name="Fingerprint">SHA-256 of the preprocessed train and test data and vocabulary.</param>
/// <param name="Source">Human-readable description of the data source.</param>
/// <param name="TrainEvents">Training events after preprocessing.</param>
/// <param name="TrainSessions">Training sessions after preprocessing.</param>
/// <param name="TestEvents">Test events after preprocessing.</param>
/// <param name="TestSessions">Test sessions after preprocessing.</param>
public sealed record DataInfo(string Fingerprint, string Source, int TrainEvents, int TrainSessions, int TestEvents, int TestSessions);
