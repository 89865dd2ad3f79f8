namespace ActorRec.Abstractions;

/// <summary>One user session, keyed by its session id: owns the hidden state and applies events in seq order.</summary>
[Alias("actorrec.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Applies an event (or recognises a retry of the latest one) and returns the recommendations that follow it.</summary>
    [Alias("Click")]
    Task<SessionRecommendation> ClickAsync(ClickCommand click, CancellationToken cancellationToken = default);

    /// <summary>Returns recommendations for the current state without applying an event; k is 1..Serving:MaxK, checked by the API.</summary>
    [Alias("GetRecommendations")]
    Task<SessionRecommendation> GetRecommendationsAsync(int k, bool excludeSeen, CancellationToken cancellationToken = default);

    /// <summary>Deletes the session's state; returns whether there was any.</summary>
    [Alias("End")]
    Task<bool> EndAsync();
}
