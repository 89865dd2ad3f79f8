namespace ActorRec.Grains.ClickLog;

/// <summary>
/// The end of the file log's last complete write: segment number and its length in bytes. Readers stop there; the
/// writer replaces it, never mutates it, so a reader always sees one consistent pair.
/// </summary>
internal sealed record CommitPoint(long Segment, long Length);
