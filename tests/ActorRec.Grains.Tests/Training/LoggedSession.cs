namespace ActorRec.Grains.Tests.Training;

/// <summary>One session of the scenario: its id, its items in click order and when each was clicked.</summary>
internal sealed record LoggedSession(string Id, string[] Items, long[] TimestampsUnixMs);
