namespace ActorRec.Abstractions;

/// <summary>A model version id that the model store does not hold (gRPC NOT_FOUND).</summary>
[GenerateSerializer]
[Alias("actorrec.UnknownModelVersionException")]
public sealed class UnknownModelVersionException : Exception
{
    public UnknownModelVersionException()
    {
    }

    public UnknownModelVersionException(string message)
        : base(message)
    {
    }

    public UnknownModelVersionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
