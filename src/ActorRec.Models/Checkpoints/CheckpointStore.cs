using System.Security.Cryptography;
using System.Text.Json;
using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Reinforcement;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorRec.Models.Checkpoints;

/// <summary>Saves and loads trained models: one directory per model with weights, vocabulary and manifest.json.</summary>
public static class CheckpointStore
{
    public const string ManifestFile = "manifest.json";
    public const string WeightsFile = "weights.dat";
    public const string VocabularyFile = "vocabulary.json";
    public const string Gru4RecKind = "gru4rec";
    public const string SqnKind = "sqn";
    public const string SmorlKind = "smorl";

    /// <summary>The model kinds this build loads: all are GRU session models, SQN and SMORL with Q heads.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [Gru4RecKind, SqnKind, SmorlKind];

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// Writes the checkpoint into <paramref name="directory"/>. Files are written to a temporary sibling first and
    /// the directory is renamed into place, so a crash never leaves a half-written checkpoint behind.
    /// </summary>
    public static CheckpointManifest Save(
        string directory,
        Gru4RecModel model,
        DataInfo data,
        IReadOnlyList<EpochRecord> history,
        IReadOnlyDictionary<string, double> metrics,
        EvaluationSettings? evaluation,
        string? label = null)
    {
        var full = Path.GetFullPath(directory);
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            throw new IOException($"Checkpoint directory '{full}' exists and is not empty.");
        }

        var staging = full.TrimEnd(Path.DirectorySeparatorChar) + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        try
        {
            var weightsPath = Path.Combine(staging, WeightsFile);
            model.Network.save(weightsPath);
            var vocabularyPath = Path.Combine(staging, VocabularyFile);
            model.Vocabulary.Save(vocabularyPath);
            var weightsHash = Sha256Of(weightsPath);
            var createdAt = DateTimeOffset.UtcNow;
            var manifest = new CheckpointManifest
            {
                VersionId = $"{model.Kind}-{createdAt:yyyyMMdd'T'HHmmss'Z'}-{weightsHash[..8]}",
                ModelKind = model.Kind,
                CreatedAt = createdAt,
                Label = label,
                Hyperparameters = JsonSerializer.SerializeToNode(model.Options, JsonOptions)!.AsObject(),
                QLearning = model.QLearning is null ? null : JsonSerializer.SerializeToNode(model.QLearning, JsonOptions)!.AsObject(),
                Vocabulary = new VocabularyInfo(VocabularyFile, model.Vocabulary.Count, Sha256Of(vocabularyPath)),
                Data = data,
                WeightsFile = WeightsFile,
                WeightsSha256 = weightsHash,
                Epochs = history.Count,
                History = history,
                Metrics = metrics,
                Evaluation = evaluation,
            };
            File.WriteAllText(Path.Combine(staging, ManifestFile), JsonSerializer.Serialize(manifest, JsonOptions));
            if (Directory.Exists(full))
            {
                Directory.Delete(full);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            Directory.Move(staging, full);
            return manifest;
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    public static CheckpointManifest ReadManifest(string directory)
    {
        var path = Path.Combine(directory, ManifestFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{directory}' is not a checkpoint: {ManifestFile} is missing.", path);
        }

        var manifest = JsonSerializer.Deserialize<CheckpointManifest>(File.ReadAllText(path), JsonOptions)
            ?? throw new InvalidDataException($"{path}: empty manifest.");
        if (manifest.Format > CheckpointManifest.CurrentFormat)
        {
            throw new InvalidDataException($"{path}: format {manifest.Format} is newer than this build reads ({CheckpointManifest.CurrentFormat}).");
        }

        return manifest;
    }

    /// <summary>Loads a GRU4Rec, SQN or SMORL checkpoint, verifying that its files are the ones the manifest describes.</summary>
    public static (Gru4RecModel Model, CheckpointManifest Manifest) Load(string directory, Device? device = null)
    {
        var manifest = ReadManifest(directory);
        if (!Kinds.Contains(manifest.ModelKind))
        {
            throw new InvalidDataException($"{directory}: model kind '{manifest.ModelKind}' is not one of {string.Join(", ", Kinds)}.");
        }

        var qLearning = manifest.ModelKind == Gru4RecKind ? null
            : manifest.QLearning?.Deserialize<QLearningOptions>(JsonOptions)
                ?? throw new InvalidDataException($"{directory}: a {manifest.ModelKind} checkpoint needs its q_learning options.");
        qLearning?.Validate();

        var weightsPath = Path.Combine(directory, manifest.WeightsFile);
        var vocabularyPath = Path.Combine(directory, manifest.Vocabulary.File);
        Verify(weightsPath, manifest.WeightsSha256);
        Verify(vocabularyPath, manifest.Vocabulary.Sha256);
        var options = manifest.Hyperparameters.Deserialize<Gru4RecOptions>(JsonOptions)
            ?? throw new InvalidDataException($"{directory}: hyperparameters are missing.");
        var vocabulary = ItemVocabulary.Load(vocabularyPath);
        var network = new Gru4RecNetwork(
            vocabulary.Count, options.Layers, options.ConstrainedEmbedding, options.Embedding, qLearning?.Objectives.Length ?? 0);
        network.load(weightsPath);
        device ??= CPU;
        network.to(device);
        network.eval();
        var model = new Gru4RecModel(network, vocabulary, options, device, qLearning) { Name = manifest.Label is { } label ? $"{label} {manifest.VersionId}" : manifest.VersionId };
        return (model, manifest);
    }

    private static void Verify(string path, string expectedSha256)
    {
        var actual = Sha256Of(path);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{path}: SHA-256 {actual} does not match the manifest ({expectedSha256}).");
        }
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
