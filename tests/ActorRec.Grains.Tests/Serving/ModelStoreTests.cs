using System.Text.Json;
using ActorRec.Grains.Serving;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Gru4Rec;
using ActorRec.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace ActorRec.Grains.Tests.Serving;

public sealed class ModelStoreTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Lists_checkpoints_newest_first_and_finds_each_version()
    {
        var oldest = SaveAt("z-oldest", seed: 1, Monday);
        var newest = SaveAt("a-newest", seed: 2, Monday.AddDays(2), new Dictionary<string, double> { ["recall@20"] = 0.5 });
        var middle = SaveAt("m-middle", seed: 3, Monday.AddDays(1));
        var store = Store();

        var versions = store.List();

        Assert.Equal([newest.VersionId, middle.VersionId, oldest.VersionId], versions.Select(v => v.VersionId));
        Assert.Equal(Path.Combine(store.Directory, "a-newest"), versions[0].Directory);
        Assert.Equal(Gru4RecModel.Gru4RecKind, versions[0].ModelKind);
        Assert.Equal(Monday.AddDays(2), versions[0].CreatedAt);
        Assert.Equal(0.5, versions[0].Metrics["recall@20"]);
        Assert.Equal(newest.VersionId, store.Newest()?.VersionId);
        Assert.Equal(Path.Combine(store.Directory, "m-middle"), store.Find(middle.VersionId)?.Directory);
        Assert.Null(store.Find("gru4rec-unknown"));
    }

    [Fact]
    public void Folders_that_are_not_finished_checkpoints_are_left_out()
    {
        var good = SaveAt("good", seed: 1, Monday);
        SaveAt("next.tmp-1234abcd", seed: 2, Monday.AddDays(1));
        Directory.CreateDirectory(Path.Combine(_folder.Path, "notes"));
        Directory.CreateDirectory(Path.Combine(_folder.Path, "damaged"));
        File.WriteAllText(Path.Combine(_folder.Path, "damaged", Checkpoint.ManifestFile), "{ not json");

        var versions = Store().List();

        Assert.Equal([good.VersionId], versions.Select(v => v.VersionId));
    }

    [Fact]
    public void A_missing_folder_is_an_empty_store()
    {
        var store = new ModelStore(
            Options.Create(new ModelStoreOptions { Directory = Path.Combine(_folder.Path, "absent") }), NullLogger<ModelStore>.Instance);

        Assert.Empty(store.List());
        Assert.Null(store.Newest());
    }

    [Fact]
    public void Pruning_keeps_the_newest_versions_and_the_active_one()
    {
        var saved = Enumerable.Range(0, 5).Select(i => SaveAt($"v{i}", seed: i + 1, Monday.AddDays(i))).ToArray();
        var store = Store(keepVersions: 2);

        var deleted = store.Prune(activeVersion: saved[0].VersionId);

        Assert.Equal([saved[2].VersionId, saved[1].VersionId], deleted.Select(d => d.VersionId));
        Assert.Equal([saved[4].VersionId, saved[3].VersionId, saved[0].VersionId], store.List().Select(v => v.VersionId));
        Assert.False(Directory.Exists(deleted[0].Directory));
    }

    [Fact]
    public void A_new_checkpoint_folder_is_inside_the_store_and_does_not_exist_yet()
    {
        var store = Store();

        var first = store.NewCheckpointDirectory();
        var second = store.NewCheckpointDirectory();

        Assert.Equal(store.Directory, Path.GetDirectoryName(first));
        Assert.NotEqual(first, second);
        Assert.False(Directory.Exists(first));
    }

    private ModelStore Store(int keepVersions = 5) =>
        new(Options.Create(new ModelStoreOptions { Directory = _folder.Path, KeepVersions = keepVersions }), NullLogger<ModelStore>.Instance);

    /// <summary>Saves a checkpoint and backdates its manifest, so that creation order differs from save and name order.</summary>
    private CheckpointManifest SaveAt(string name, int seed, DateTimeOffset createdAt, Dictionary<string, double>? metrics = null)
    {
        var directory = Path.Combine(_folder.Path, name);
        var manifest = TestCheckpoints.Save(directory, seed) with { CreatedAt = createdAt, Metrics = metrics ?? [] };
        File.WriteAllText(Path.Combine(directory, Checkpoint.ManifestFile), JsonSerializer.Serialize(manifest, Checkpoint.JsonOptions));
        return manifest;
    }
}
