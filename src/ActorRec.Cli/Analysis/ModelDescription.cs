namespace ActorRec.Cli.Analysis;

/// <summary>What the report says about an analysed model: its label, kind, version, folder and catalog size.</summary>
internal sealed record ModelDescription(string Label, string Kind, string VersionId, string Directory, int Items);
