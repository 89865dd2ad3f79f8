using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Reinforcement;
using static TorchSharp.torch;

namespace ActorRec.Models.Tests.Checkpoints;

/// <summary>
/// Small saved checkpoints (untrained, 40 items, one GRU layer of 8) to damage: a few kilobytes each, so hundreds of
/// damaged copies load in seconds.
/// </summary>
internal static class TinyCheckpoint
{
    private static readonly Lazy<string> Gru4Rec = new(() => Create(qLearning: null));

    private static readonly Lazy<string> Sqn = new(() => Create(QLearningOptions.Sqn));

    /// <summary>A fresh copy of the pristine GRU4Rec (or, with <paramref name="sqn"/>, SQN) checkpoint under <paramref name="parent"/>.</summary>
    public static string CopyTo(string parent, bool sqn = false)
    {
        var source = sqn ? Sqn.Value : Gru4Rec.Value;
        var target = Path.Combine(parent, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    public static string ManifestPath(string directory) => Path.Combine(directory, Checkpoint.ManifestFile);

    /// <summary>Edits manifest.json as JSON, as a hostile writer of checkpoints would.</summary>
    public static void EditManifest(string directory, Action<JsonObject> edit)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(ManifestPath(directory)))!.AsObject();
        edit(manifest);
        File.WriteAllText(ManifestPath(directory), manifest.ToJsonString());
    }

    /// <summary>
    /// Records the current hashes of the weights and vocabulary in the manifest, so that a damaged file gets past the
    /// hash check to the parser, as it would for someone who can write the whole checkpoint.
    /// </summary>
    public static void RehashFiles(string directory) =>
        EditManifest(directory, manifest =>
        {
            manifest["weightsSha256"] = Sha256(Path.Combine(directory, Checkpoint.WeightsFile));
            manifest["vocabulary"]!["sha256"] = Sha256(Path.Combine(directory, Checkpoint.VocabularyFile));
        });

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static string Create(QLearningOptions? qLearning)
    {
        var root = Directory.CreateTempSubdirectory("actorrec-tiny-checkpoint-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(root, recursive: true);
        var directory = Path.Combine(root, "checkpoint");
        var vocabulary = new ItemVocabulary(Enumerable.Range(0, 40).Select(i => $"item-{i}"));
        var options = qLearning is null
            ? new Gru4RecOptions { Layers = [8] }
            : Gru4RecOptions.QLearningGru with { Layers = [8], Embedding = 8 };
        var network = new Gru4RecNetwork(vocabulary.Count, options.Layers, options.ConstrainedEmbedding, options.Embedding, qLearning?.Objectives.Length ?? 0);
        using var model = new Gru4RecModel(network, vocabulary, options, CPU, qLearning);
        Checkpoint.Save(directory, model, new DataInfo("fingerprint", "tiny", 0, 0, 0, 0), [], new Dictionary<string, double>(), null);
        return directory;
    }
}
