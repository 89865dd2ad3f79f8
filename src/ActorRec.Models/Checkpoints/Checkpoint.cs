using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActorRec.Models.Data;
using ActorRec.Models.Scoring;
using ActorRec.Models.Sessions;
using static TorchSharp.torch;

namespace ActorRec.Models.Checkpoints;

/// <summary>Saves and loads trained models: one directory per model with weights, vocabulary and manifest.json.</summary>
public static class Checkpoint
{
    public const string ManifestFile = "manifest.json";
    public const string WeightsFile = "weights.dat";
    public const string VocabularyFile = "vocabulary.json";

    /// <summary>Optional: the category of each vocabulary item that has one, by item id (what the live page searches).</summary>
    public const string CategoriesFile = "categories.json";

    /// <summary>Largest categories file read: a million items with long category names fit in far less.</summary>
    private const long MaxCategoriesBytes = 256L << 20;
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Largest manifest read; real ones are a few kilobytes, growing by one history line per epoch.</summary>
    public const int MaxManifestBytes = 16 << 20;

    /// <summary>
    /// <see cref="JsonOptions"/> for reading untrusted files: a null where the type allows none and a missing record
    /// parameter are errors, so a damaged manifest fails here rather than as a NullReferenceException later.
    /// </summary>
    private static readonly JsonSerializerOptions ReadOptions = new(JsonOptions) { RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true };

    /// <summary>
    /// Writes the checkpoint into <paramref name="directory"/>. Files are written to a temporary sibling first and
    /// the directory is renamed into place, so a crash never leaves a half-written checkpoint behind.
    /// </summary>
    public static CheckpointManifest Save(
        string directory,
        ISessionModel model,
        DataInfo data,
        IReadOnlyList<EpochRecord> history,
        IReadOnlyDictionary<string, double> metrics,
        EvaluationSettings? evaluation,
        string? label = null,
        IReadOnlyDictionary<string, string>? itemCategories = null)
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
            model.SaveWeights(weightsPath);
            var vocabularyPath = Path.Combine(staging, VocabularyFile);
            model.Vocabulary.Save(vocabularyPath);
            if (itemCategories is not null)
            {
                var known = model.Vocabulary.Ids
                    .Where(itemCategories.ContainsKey)
                    .ToDictionary(id => id, id => itemCategories[id], StringComparer.Ordinal);
                if (known.Count > 0)
                {
                    File.WriteAllText(Path.Combine(staging, CategoriesFile), JsonSerializer.Serialize(known, JsonOptions));
                }
            }

            // A catalog this large is served by retrieval: its index is built here, once per version, and travels with
            // the weights instead of costing every server that loads them a rebuild.
            if (model.Vocabulary.Count >= IvfOptions.AutoMinItems && DotProductHeads.Find(model) is { } head)
            {
                IvfIndex.Build(head.ExportItemTable()).Save(Path.Combine(staging, IvfIndex.FileName));
            }

            var weightsHash = Sha256Of(weightsPath);
            var createdAt = DateTimeOffset.UtcNow;
            var sections = model.DescribeForManifest();
            var manifest = new CheckpointManifest
            {
                VersionId = $"{model.Kind}-{createdAt:yyyyMMdd'T'HHmmss'Z'}-{weightsHash[..8]}",
                ModelKind = model.Kind,
                CreatedAt = createdAt,
                Label = label,
                Hyperparameters = sections.Hyperparameters,
                QLearning = sections.QLearning,
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

    /// <summary>The item categories saved with the checkpoint in <paramref name="directory"/>; null when it has none.</summary>
    /// <exception cref="DataFileException">The file is not a JSON object of strings, is too large, or links outside its folder.</exception>
    public static IReadOnlyDictionary<string, string>? ReadItemCategories(string directory)
    {
        var path = CheckpointFileNames.Resolve(directory, Path.Combine(directory, ManifestFile), "categories", CategoriesFile);
        if (!File.Exists(path))
        {
            return null;
        }

        if (new FileInfo(path).Length > MaxCategoriesBytes)
        {
            throw new DataFileException(path, null, $"is larger than {MaxCategoriesBytes} bytes.");
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path), ReadOptions)
                ?? throw new DataFileException(path, null, "holds null instead of an object of item id to category.");
        }
        catch (JsonException e)
        {
            throw new DataFileException(path, null, JsonFiles.Describe(e), e);
        }
    }

    /// <summary>Reads and checks manifest.json, refusing file names that leave the checkpoint folder.</summary>
    /// <exception cref="DataFileException">The manifest is not valid JSON, lacks a field, or names a file outside its folder.</exception>
    public static CheckpointManifest ReadManifest(string directory)
    {
        var path = Path.Combine(directory, ManifestFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{directory}' is not a checkpoint: {ManifestFile} is missing.", path);
        }

        if (new FileInfo(path).Length > MaxManifestBytes)
        {
            // The model store reads every manifest on every listing: a huge one must not cost the silo its memory.
            throw new DataFileException(path, null, $"{new FileInfo(path).Length} bytes is more than a manifest holds ({MaxManifestBytes}).");
        }

        var manifest = JsonFiles.Read<CheckpointManifest>(path, ReadOptions) ?? throw new DataFileException(path, null, "empty manifest.");
        if (manifest.Format > CheckpointManifest.CurrentFormat)
        {
            throw new DataFileException(path, null, $"format {manifest.Format} is newer than this build reads ({CheckpointManifest.CurrentFormat}).");
        }

        CheckpointFileNames.RequirePlain(path, "weightsFile", manifest.WeightsFile);
        CheckpointFileNames.RequirePlain(path, "vocabulary.file", manifest.Vocabulary.File);
        if (manifest.Epochs < 0 || manifest.Vocabulary.Count < 0)
        {
            throw new DataFileException(path, null, "epochs and vocabulary.count cannot be negative.");
        }

        return manifest;
    }

    /// <summary>
    /// Loads a checkpoint of any registered kind (<see cref="SessionModelKinds"/>), verifying that its files are the ones
    /// the manifest describes before the kind reads them.
    /// </summary>
    /// <exception cref="DataFileException">A file of the checkpoint is missing, damaged, or does not match the manifest.</exception>
    public static (ISessionModel Model, CheckpointManifest Manifest) Load(string directory, Device? device = null)
    {
        var manifest = ReadManifest(directory);
        var manifestPath = Path.Combine(directory, ManifestFile);
        var kind = SessionModelKinds.Find(manifest.ModelKind)
            ?? throw new DataFileException(manifestPath, null, $"model kind '{manifest.ModelKind}' is not one of {string.Join(", ", SessionModelKinds.Names)}.");

        var weightsPath = Existing(directory, manifestPath, "weightsFile", manifest.WeightsFile);
        var vocabularyPath = Existing(directory, manifestPath, "vocabulary.file", manifest.Vocabulary.File);
        Verify(weightsPath, manifest.WeightsSha256);
        Verify(vocabularyPath, manifest.Vocabulary.Sha256);
        var vocabulary = ItemVocabulary.Load(vocabularyPath);
        if (vocabulary.Count != manifest.Vocabulary.Count)
        {
            throw new DataFileException(vocabularyPath, null, $"{vocabulary.Count} items; the manifest says {manifest.Vocabulary.Count}.");
        }

        var model = kind.Load(new StoredModel(directory, manifestPath, manifest, weightsPath, vocabulary), device ?? CPU);
        model.Name = manifest.Label is { } label ? $"{label} {manifest.VersionId}" : manifest.VersionId;
        return (model, manifest);
    }

    /// <summary>Binds an options section of a stored manifest and validates it, naming the section when either fails.</summary>
    /// <exception cref="DataFileException">The section does not bind to <typeparamref name="T"/> or fails validation.</exception>
    public static T? BindSection<T>(StoredModel stored, string section, JsonObject? json, Action<T> validate)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(stored);
        return Options(stored.ManifestPath, section, json, validate);
    }

    /// <summary>A NaN in the weights would not fail at load but turn every score of the model into NaN when served.</summary>
    /// <exception cref="DataFileException">A tensor of <paramref name="module"/> holds NaN or infinite values.</exception>
    public static void RequireFinite(nn.Module module, string weightsPath)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var scope = NewDisposeScope();
        if (module.state_dict().FirstOrDefault(p => !isfinite(p.Value).all().item<bool>()) is { Key: { } key })
        {
            throw new DataFileException(weightsPath, null, $"tensor '{key}' holds NaN or infinite values.");
        }
    }

    /// <summary>The length of what the path opens, which for a symbolic link is its target's, not the link's.</summary>
    public static long LengthOf(string path)
    {
        using var stream = File.OpenRead(path);
        return stream.Length;
    }

    private static string Existing(string directory, string manifestPath, string field, string name)
    {
        var path = CheckpointFileNames.Resolve(directory, manifestPath, field, name);
        return File.Exists(path) ? path : throw new DataFileException(manifestPath, null, $"{field} '{name}' does not exist in the checkpoint folder.");
    }

    /// <summary>Binds an options section of the manifest and validates it, naming the section when either fails.</summary>
    private static T? Options<T>(string manifestPath, string section, JsonObject? json, Action<T> validate)
        where T : class
    {
        if (json is null)
        {
            return null;
        }

        T? options;
        try
        {
            options = json.Deserialize<T>(ReadOptions);
        }
        catch (JsonException e)
        {
            throw new DataFileException(manifestPath, null, $"{section}: {JsonFiles.Describe(e)}", e);
        }

        try
        {
            if (options is not null)
            {
                validate(options);
            }
        }
        catch (ValidationException e)
        {
            throw new DataFileException(manifestPath, null, $"{section}: {e.Message}", e);
        }

        return options;
    }

    private static void Verify(string path, string expectedSha256)
    {
        var actual = Sha256Of(path);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new DataFileException(path, null, $"SHA-256 {actual} does not match the manifest ({expectedSha256}).");
        }
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
