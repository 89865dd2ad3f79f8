namespace ActorRec.Grains.Serving;

/// <summary>A replaced model version released its weights after its last lease ended.</summary>
public sealed class ModelRetiredEventArgs(string versionId) : EventArgs
{
    public string VersionId { get; } = versionId;
}
