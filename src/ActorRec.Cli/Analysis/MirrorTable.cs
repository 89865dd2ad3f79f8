namespace ActorRec.Cli.Analysis;

/// <summary>The embedding mirror of one model: its entries, and the requested items its vocabulary lacks.</summary>
internal sealed record MirrorTable(string Model, IReadOnlyList<MirrorEntry> Entries, IReadOnlyList<string> Unknown);
