namespace ActorRec.Abstractions;

/// <summary>
/// A click could not be made durable (click log or session storage unreachable) and left no trace: not in the
/// session's state, not in its answer (gRPC UNAVAILABLE). Retrying it with the same seq is safe and applies it once.
/// </summary>
[GenerateSerializer]
[Alias("actorrec.ClickNotAppliedException")]
public sealed class ClickNotAppliedException : Exception
{
    public ClickNotAppliedException()
    {
    }

    public ClickNotAppliedException(string message)
        : base(message)
    {
    }

    public ClickNotAppliedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
