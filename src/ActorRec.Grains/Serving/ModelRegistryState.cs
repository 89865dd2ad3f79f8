namespace ActorRec.Grains.Serving;

/// <summary>Persisted state of the model registry: the version the cluster serves.</summary>
[GenerateSerializer]
[Alias("actorrec.ModelRegistryState")]
public sealed class ModelRegistryState
{
    [Id(0)]
    public string? ActiveVersion { get; set; }

    /// <summary>When an operator last activated a version; the operator cooldown counts from it.</summary>
    [Id(1)]
    public DateTimeOffset? LastOperatorActivationAt { get; set; }
}
