namespace ActorRec.Cli.Analysis;

/// <summary>An item as the report shows it: its external id, its training event count and its category where known.</summary>
internal sealed record ItemInfo(string Id, long Count, string? Category);
