using ActorRec.Models.Checkpoints;

namespace ActorRec.Grains.Serving;

/// <summary>One checkpoint in the model store: its folder and its manifest.</summary>
/// <param name="Directory">Full path of the checkpoint folder.</param>
/// <param name="Manifest">The checkpoint's manifest.json.</param>
public sealed record ModelStoreEntry(string Directory, CheckpointManifest Manifest)
{
    public string VersionId => Manifest.VersionId;

    public string ModelKind => Manifest.ModelKind;

    public DateTimeOffset CreatedAt => Manifest.CreatedAt;

    /// <summary>Test metrics recorded at training time ("recall@20", "mrr@20", ...); empty when not evaluated.</summary>
    public IReadOnlyDictionary<string, double> Metrics => Manifest.Metrics;
}
