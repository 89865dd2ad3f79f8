namespace ActorRec.Abstractions;

/// <summary>One registered model version, as the model registry reports it.</summary>
/// <param name="VersionId">Unique, immutable id of the version; the model version sessions record.</param>
/// <param name="ModelKind">Model family that loads the checkpoint, e.g. "gru4rec".</param>
/// <param name="CreatedAt">When training finished and the checkpoint was written.</param>
/// <param name="ItemCount">Size of the model's item vocabulary.</param>
/// <param name="Active">Whether this version serves traffic now.</param>
/// <param name="Metrics">Offline test metrics by name ("recall@20", "mrr@20", ...); empty when not evaluated.</param>
/// <param name="ManifestJson">The checkpoint's whole manifest as JSON.</param>
[GenerateSerializer]
[Alias("actorrec.ModelVersionInfo")]
public sealed record ModelVersionInfo(
    [property: Id(0)] string VersionId,
    [property: Id(1)] string ModelKind,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] int ItemCount,
    [property: Id(4)] bool Active,
    [property: Id(5)] Dictionary<string, double> Metrics,
    [property: Id(6)] string ManifestJson);
