using Grpc.Core;

namespace ActorRec.Client;

/// <summary>One failed attempt at a click, reported to <see cref="ActorRecClientOptions.AttemptFailed"/> whether or not it is retried.</summary>
/// <param name="SessionId">The session whose click failed.</param>
/// <param name="Seq">The seq of the first unanswered click of the session when the attempt failed.</param>
/// <param name="Status">The status of the in-band error or of the broken call; OK when the server ended the call with clicks unanswered.</param>
/// <param name="Detail">The status detail.</param>
/// <param name="Retried">False when the click was rejected for good.</param>
public sealed record ClickAttemptFailure(string SessionId, long Seq, StatusCode Status, string Detail, bool Retried);
