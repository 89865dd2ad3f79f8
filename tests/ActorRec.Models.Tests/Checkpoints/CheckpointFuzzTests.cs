using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Reinforcement;
using ActorRec.Models.Tests.Fuzzing;
using FsCheck.Fluent;
using Xunit;

namespace ActorRec.Models.Tests.Checkpoints;

/// <summary>
/// Loads damaged copies of a small checkpoint. Each must either load or be refused with a
/// <see cref="DataFileException"/> naming one of the checkpoint's files: never an exception from TorchSharp or
/// System.Text.Json, never a hang, never an allocation far beyond the checkpoint's size.
/// </summary>
public sealed class CheckpointFuzzTests : IDisposable
{
    /// <summary>Damaged checkpoints per property and run; the count per CI run in docs/security-files.md follows from it.</summary>
    public const int CheckpointsPerProperty = 150;

    private readonly string _folder = Directory.CreateTempSubdirectory("actorrec-fuzz-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Damaged_manifest_bytes_load_or_name_the_file() =>
        FuzzArbitraries.Check(Prop.ForAll(FuzzArbitraries.ByteMutations, Gen.Elements(false, true).ToArbitrary(), (damage, sqn) =>
        {
            var directory = TinyCheckpoint.CopyTo(_folder, sqn);
            Damage(TinyCheckpoint.ManifestPath(directory), damage);
            Load(directory, damage);
        }), CheckpointsPerProperty);

    [Fact]
    public void Manifest_fields_of_the_wrong_type_or_missing_load_or_name_the_file() =>
        FuzzArbitraries.Check(Prop.ForAll(FuzzArbitraries.JsonMutations, Gen.Elements(false, true).ToArbitrary(), (damage, sqn) =>
        {
            var directory = TinyCheckpoint.CopyTo(_folder, sqn);
            TinyCheckpoint.EditManifest(directory, manifest =>
            {
                foreach (var mutation in damage)
                {
                    mutation.Apply(manifest);
                }
            });
            Load(directory, damage);
        }), CheckpointsPerProperty);

    [Fact]
    public void Damaged_vocabularies_load_or_name_the_file() =>
        FuzzArbitraries.Check(Prop.ForAll(FuzzArbitraries.ByteMutations, damage =>
        {
            var directory = TinyCheckpoint.CopyTo(_folder);
            Damage(Path.Combine(directory, Checkpoint.VocabularyFile), damage);
            TinyCheckpoint.RehashFiles(directory);
            Load(directory, damage);
        }), CheckpointsPerProperty);

    [Fact]
    public void Damaged_weights_load_or_name_the_file() =>
        FuzzArbitraries.Check(Prop.ForAll(FuzzArbitraries.ByteMutations, Gen.Elements(false, true).ToArbitrary(), (damage, sqn) =>
        {
            var directory = TinyCheckpoint.CopyTo(_folder, sqn);
            Damage(Path.Combine(directory, Checkpoint.WeightsFile), damage);
            TinyCheckpoint.RehashFiles(directory);
            Load(directory, damage);
        }), CheckpointsPerProperty);

    [Fact]
    public void Damaged_weights_without_a_matching_hash_are_refused_by_the_hash()
    {
        var directory = TinyCheckpoint.CopyTo(_folder);
        var weights = Path.Combine(directory, Checkpoint.WeightsFile);
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..100]);

        var error = Assert.Throws<DataFileException>(() => Checkpoint.Load(directory));

        Assert.Equal(weights, error.FilePath);
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(1000)]
    public void Truncated_weights_name_the_byte_where_they_end(int drop)
    {
        var directory = TinyCheckpoint.CopyTo(_folder);
        var weights = Path.Combine(directory, Checkpoint.WeightsFile);
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..^drop]);
        TinyCheckpoint.RehashFiles(directory);

        var error = Assert.Throws<DataFileException>(() => Checkpoint.Load(directory));

        Assert.Equal(weights, error.FilePath);
        Assert.True(Regex.IsMatch(error.Message, "weights.dat: at byte [0-9]+: the file ends inside"), error.Message);
    }

    [Fact]
    public void Weights_far_smaller_than_the_hyperparameters_say_are_refused_by_the_manifest()
    {
        var directory = TinyCheckpoint.CopyTo(_folder);
        var weights = Path.Combine(directory, Checkpoint.WeightsFile);
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..10]);
        TinyCheckpoint.RehashFiles(directory);

        var error = Assert.Throws<DataFileException>(() => Checkpoint.Load(directory));

        Assert.Equal(TinyCheckpoint.ManifestPath(directory), error.FilePath);
        Assert.Contains("weights.dat holds 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hyperparameters_larger_than_the_weights_are_refused_before_the_network_is_built()
    {
        var directory = TinyCheckpoint.CopyTo(_folder);
        TinyCheckpoint.EditManifest(directory, manifest => manifest["hyperparameters"]!["layers"] = new JsonArray(1_000_000_000));

        var error = Assert.Throws<DataFileException>(() => Checkpoint.Load(directory));

        Assert.Equal(TinyCheckpoint.ManifestPath(directory), error.FilePath);
        Assert.Contains("hyperparameters describe", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_holding_nan_are_refused()
    {
        var directory = TinyCheckpoint.CopyTo(_folder);
        var weights = Path.Combine(directory, Checkpoint.WeightsFile);
        var bytes = File.ReadAllBytes(weights);
        BitConverter.GetBytes(float.NaN).CopyTo(bytes, bytes.Length - 4);
        File.WriteAllBytes(weights, bytes);
        TinyCheckpoint.RehashFiles(directory);

        var error = Assert.Throws<DataFileException>(() => Checkpoint.Load(directory));

        Assert.Contains("NaN or infinite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_string_with_a_lone_surrogate_names_the_file()
    {
        var directory = TinyCheckpoint.CopyTo(_folder);
        var manifest = TinyCheckpoint.ManifestPath(directory);
        var text = File.ReadAllText(manifest);
        Assert.Contains("\"label\": null", text, StringComparison.Ordinal);
        File.WriteAllText(manifest, text.Replace("\"label\": null", "\"label\": \"\\ud800\"", StringComparison.Ordinal));

        var error = Assert.Throws<DataFileException>(() => Checkpoint.ReadManifest(directory));

        Assert.Equal(manifest, error.FilePath);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void A_manifest_larger_than_any_real_one_is_refused_unread()
    {
        var directory = TinyCheckpoint.CopyTo(_folder);
        var manifest = TinyCheckpoint.ManifestPath(directory);
        using (var stream = File.OpenWrite(manifest))
        {
            stream.SetLength(Checkpoint.MaxManifestBytes + 1L);
        }

        var error = Assert.Throws<DataFileException>(() => Checkpoint.ReadManifest(directory));

        Assert.Equal(manifest, error.FilePath);
        Assert.Contains("more than a manifest holds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undamaged_copy_loads()
    {
        var directory = TinyCheckpoint.CopyTo(_folder, sqn: true);

        var (model, manifest) = Checkpoint.Load(directory);
        using (model)
        {
            Assert.Equal(QLearningOptions.SqnKind, manifest.ModelKind);
            Assert.Equal(40, model.Vocabulary.Count);
        }
    }

    private static void Damage(string path, ByteMutation[] damage) =>
        File.WriteAllBytes(path, damage.Aggregate(File.ReadAllBytes(path), (bytes, mutation) => mutation.Apply(bytes)));

    private static void Load(string directory, object damage)
    {
        var files = Directory.EnumerateFiles(directory).ToList();
        var bytes = files.Sum(file => new FileInfo(file).Length);
        var loaded = FuzzRun.Load(() => Checkpoint.Load(directory).Model, files, bytes, damage);
        loaded?.Dispose();
    }
}
