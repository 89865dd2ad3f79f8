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

    /// <summary>
    /// An operator makes a registered version the active one; throws <see cref="UnknownModelVersionException"/> for an
    /// unknown version id, and <see cref="QuotaExceededException"/> within the operator cooldown of the previous one.
    /// </summary>
    [Alias("Activate")]
    Task<ModelVersionInfo> ActivateAsync(string versionId);

    /// <summary>
    /// The cluster itself makes a registered version the active one (the trainer's promotion, the first activation of
    /// an empty cluster): not subject to the operator cooldown, and it does not start one.
    /// </summary>
    [Alias("Promote")]
    Task<ModelVersionInfo> PromoteAsync(string versionId);
}
