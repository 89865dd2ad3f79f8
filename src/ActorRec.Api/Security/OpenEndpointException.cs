namespace ActorRec.Api.Security;

/// <summary>The server would listen beyond loopback with nobody authenticated; it refuses to start.</summary>
public sealed class OpenEndpointException : InvalidOperationException
{
    public OpenEndpointException()
    {
    }

    public OpenEndpointException(string message)
        : base(message)
    {
    }

    public OpenEndpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
