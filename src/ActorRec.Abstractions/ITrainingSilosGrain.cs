namespace ActorRec.Abstractions;

/// <summary>
/// Answers from inside the cluster whether any active silo may host the trainer, for callers outside it (the gateway
/// tier) as well as inside. Orleans reports a grain that no silo may host with a general exception; this lets the API
/// say precisely that training is switched off everywhere.
/// </summary>
/// <remarks>The implementation is a stateless worker: any silo answers from its own view of the membership.</remarks>
[Alias("actorrec.ITrainingSilosGrain")]
public interface ITrainingSilosGrain : IGrainWithIntegerKey
{
    [Alias("AnyAllowed")]
    Task<bool> AnyAllowedAsync();
}
