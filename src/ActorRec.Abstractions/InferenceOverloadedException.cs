namespace ActorRec.Abstractions;

/// <summary>The silo's inference queue is full; the caller should back off (gRPC RESOURCE_EXHAUSTED).</summary>
[GenerateSerializer]
[Alias("actorrec.InferenceOverloadedException")]
public sealed class InferenceOverloadedException : Exception
{
    public InferenceOverloadedException()
    {
    }

    public InferenceOverloadedException(string message)
        : base(message)
    {
    }

    public InferenceOverloadedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
