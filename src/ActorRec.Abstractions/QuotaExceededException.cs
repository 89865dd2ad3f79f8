namespace ActorRec.Abstractions;

/// <summary>
/// A configured limit refused the request (active sessions of a tenant, an admin action's cooldown); the message
/// names the limit and when to retry (gRPC RESOURCE_EXHAUSTED).
/// </summary>
[GenerateSerializer]
[Alias("actorrec.QuotaExceededException")]
public sealed class QuotaExceededException : Exception
{
    public QuotaExceededException()
    {
    }

    public QuotaExceededException(string message)
        : base(message)
    {
    }

    public QuotaExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
