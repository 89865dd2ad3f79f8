namespace ActorRec.Abstractions;

/// <summary>The trainer's answer to a request to retrain.</summary>
/// <param name="RunId">The run started now, or the one already in progress; empty when none runs.</param>
/// <param name="Started">Whether this request started the run.</param>
/// <param name="Message">Why no run was started, or which run was.</param>
[GenerateSerializer]
[Alias("actorrec.RetrainTicket")]
public sealed record RetrainTicket(
    [property: Id(0)] string RunId,
    [property: Id(1)] bool Started,
    [property: Id(2)] string Message);
