namespace ActorRec.Abstractions;

/// <summary>No model is active yet, so nothing can be scored (gRPC FAILED_PRECONDITION).</summary>
[GenerateSerializer]
[Alias("actorrec.NoActiveModelException")]
public sealed class NoActiveModelException : Exception
{
    public NoActiveModelException()
    {
    }

    public NoActiveModelException(string message)
        : base(message)
    {
    }

    public NoActiveModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
