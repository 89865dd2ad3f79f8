using System.Text.Json.Nodes;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using Xunit;

namespace ActorRec.Models.Tests.Checkpoints;

/// <summary>A manifest names its weights and vocabulary files; names that leave the checkpoint folder are refused.</summary>
public sealed class ManifestPathTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actorrec-manifest-paths-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Escapes { get; } =
    [
        "../weights.dat",
        "../../../../etc/passwd",
        "/etc/passwd",
        "..\\weights.dat",
        "C:\\Windows\\win.ini",
        "C:weights.dat",
        "\\\\server\\share\\weights.dat",
        "sub/weights.dat",
        "weights.dat\0.png",
        "..",
        ".",
        "",
        "weights\n.dat",
    ];

    [Theory]
    [MemberData(nameof(Escapes))]
    public void A_weights_file_outside_the_folder_is_refused(string name) =>
        AssertRefused(manifest => manifest["weightsFile"] = name, "weightsFile");

    [Theory]
    [MemberData(nameof(Escapes))]
    public void A_vocabulary_file_outside_the_folder_is_refused(string name) =>
        AssertRefused(manifest => manifest["vocabulary"]!["file"] = name, "vocabulary.file");

    [Fact]
    public void A_missing_file_name_is_refused()
    {
        var directory = TinyCheckpoint.CopyTo(_folder);
        TinyCheckpoint.EditManifest(directory, manifest => manifest.Remove("weightsFile"));

        var error = Assert.Throws<DataFileException>(() => Checkpoint.ReadManifest(directory));

        Assert.Equal(TinyCheckpoint.ManifestPath(directory), error.FilePath);
        Assert.Contains("weightsFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weightsFile_that_links_outside_the_folder_is_refused()
    {
        var directory = TinyCheckpoint.CopyTo(_folder);
        var weights = Path.Combine(directory, Checkpoint.WeightsFile);
        var outside = Path.Combine(_folder, "outside.dat");
        File.Move(weights, outside);
        File.CreateSymbolicLink(weights, outside);

        var error = Assert.Throws<DataFileException>(() => Checkpoint.Load(directory));

        Assert.Equal(TinyCheckpoint.ManifestPath(directory), error.FilePath);
        Assert.Contains("outside the checkpoint folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weightsFile_that_links_inside_the_folder_loads()
    {
        var directory = TinyCheckpoint.CopyTo(_folder);
        var weights = Path.Combine(directory, Checkpoint.WeightsFile);
        File.Move(weights, Path.Combine(directory, "weights.real"));
        File.CreateSymbolicLink(weights, "weights.real");

        var (model, _) = Checkpoint.Load(directory);

        model.Dispose();
    }

    [Fact]
    public void Other_file_names_load()
    {
        var directory = TinyCheckpoint.CopyTo(_folder);
        File.Move(Path.Combine(directory, Checkpoint.WeightsFile), Path.Combine(directory, "model weights..v2.dat"));
        TinyCheckpoint.EditManifest(directory, manifest => manifest["weightsFile"] = "model weights..v2.dat");

        var (model, manifest) = Checkpoint.Load(directory);

        model.Dispose();
        Assert.Equal("model weights..v2.dat", manifest.WeightsFile);
    }

    private void AssertRefused(Action<JsonObject> edit, string field)
    {
        var directory = TinyCheckpoint.CopyTo(_folder);
        TinyCheckpoint.EditManifest(directory, edit);

        var error = Assert.Throws<DataFileException>(() => Checkpoint.ReadManifest(directory));

        Assert.Equal(TinyCheckpoint.ManifestPath(directory), error.FilePath);
        Assert.StartsWith($"{field} '", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("\0", error.Message, StringComparison.Ordinal);
        Assert.Throws<DataFileException>(() => Checkpoint.Load(directory));
    }
}
