using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;

namespace ActorRec.Models.Sessions;

/// <summary>
/// A checkpoint whose manifest, vocabulary and file hashes <see cref="Checkpoint"/> has already checked, handed to
/// its kind's loader to build the model from.
/// </summary>
/// <param name="Directory">The checkpoint folder.</param>
/// <param name="ManifestPath">manifest.json, named in errors about its fields.</param>
/// <param name="Manifest">The parsed manifest.</param>
/// <param name="WeightsPath">The weights file, its SHA-256 verified.</param>
/// <param name="Vocabulary">The vocabulary, its SHA-256 and count verified.</param>
public sealed record StoredModel(string Directory, string ManifestPath, CheckpointManifest Manifest, string WeightsPath, ItemVocabulary Vocabulary);
