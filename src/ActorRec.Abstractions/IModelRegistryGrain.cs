namespace ActorRec.Abstractions;

/// <summary>The cluster's list of trained model versions and which one is active; a single grain with key 0.</summary>
[Alias("actorrec.IModelRegistryGrain")]
public interface IModelRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Returns the active model version, or null when none has been activated yet.</summary>
    [Alias("GetActive")]
    Task<ModelVersionInfo?> GetActiveAsync();

    /// <summary>Returns every registered model version, newest first.</summary>
    [Alias("List")]
    Task<ModelVersionInfo[]> ListAsync();

    /// <summary>Makes a registered version the active one; throws <see cref="UnknownModelVersionException"/> for an unknown version id.</summary>
    [Alias("Activate")]
    Task<ModelVersionInfo> ActivateAsync(string versionId);
}
