namespace ActorRec.Grains.Training;

/// <summary>The silo metadata that marks a silo as allowed to host the trainer.</summary>
public static class TrainingSilo
{
    /// <summary>Metadata key, published through the cluster membership with every silo's other metadata.</summary>
    public const string MetadataKey = "actorrec.training";

    /// <summary>Its value on silos with <see cref="TrainingOptions.Enabled"/>.</summary>
    public const string Allowed = "allowed";
}
