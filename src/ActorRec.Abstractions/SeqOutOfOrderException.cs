namespace ActorRec.Abstractions;

/// <summary>
/// A click arrived before its predecessor was applied (gRPC ABORTED): nothing changed, and the client resends from
/// <see cref="ExpectedSeq"/>. Clicks are applied strictly one after another, so a failed click is never skipped.
/// </summary>
[GenerateSerializer]
[Alias("actorrec.SeqOutOfOrderException")]
public sealed class SeqOutOfOrderException : Exception
{
    public SeqOutOfOrderException()
    {
    }

    public SeqOutOfOrderException(string message)
        : base(message)
    {
    }

    public SeqOutOfOrderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SeqOutOfOrderException(string sessionId, long seq, long expectedSeq)
        : base($"seq {seq} of session '{sessionId}' was not applied: the session expects seq {expectedSeq} next; send seq {expectedSeq} first, then the clicks after it")
    {
        ExpectedSeq = expectedSeq;
    }

    /// <summary>The seq the session applies next: one above its latest applied seq.</summary>
    [Id(0)]
    public long ExpectedSeq { get; init; }
}
