namespace ActorRec.Models.Checkpoints;

/// <summary>The item vocabulary file of a checkpoint.</summary>
public sealed record VocabularyInfo(string File, int Count, string Sha256);
