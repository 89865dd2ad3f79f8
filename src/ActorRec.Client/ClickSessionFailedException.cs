namespace ActorRec.Client;

/// <summary>A session gave up: a click stayed unanswered past the timeout, or the server no longer holds the session's clicks.</summary>
public sealed class ClickSessionFailedException : Exception
{
    public ClickSessionFailedException()
    {
    }

    public ClickSessionFailedException(string message)
        : base(message)
    {
    }

    public ClickSessionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
