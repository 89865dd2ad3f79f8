namespace ActorRec.Cli.LoadTest;

/// <summary>One replay of a corpus session under a session id of its own.</summary>
/// <param name="SessionId">The id sent to the server: unique within the run, and the run id makes it unique across runs.</param>
/// <param name="Session">The session's index in the corpus.</param>
/// <param name="Pass">How many times the whole corpus had been replayed before this draw (0 on the first pass).</param>
internal readonly record struct SessionDraw(string SessionId, int Session, long Pass);
