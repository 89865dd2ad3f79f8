namespace ActorRec.Cli.Analysis;

/// <summary>A test session cut before one of its events: the items up to the cut, by external id, and the true next item.</summary>
internal sealed record SessionSample(string SessionId, IReadOnlyList<string> Items, string Target);
