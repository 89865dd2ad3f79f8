namespace ActorRec.Abstractions;

/// <summary>The active model version is not loaded on this silo yet (gRPC UNAVAILABLE): a retry, here or on another silo, succeeds once it is.</summary>
[GenerateSerializer]
[Alias("actorrec.ModelLoadingException")]
public sealed class ModelLoadingException : Exception
{
    public ModelLoadingException()
    {
    }

    public ModelLoadingException(string message)
        : base(message)
    {
    }

    public ModelLoadingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
