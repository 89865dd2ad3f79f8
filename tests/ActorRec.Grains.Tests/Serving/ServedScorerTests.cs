using ActorRec.Grains.Inference;
using ActorRec.Grains.Serving;
using ActorRec.Models.Scoring;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace ActorRec.Grains.Tests.Serving;

/// <summary>
/// Which scorer a loaded version gets: retrieval from the configured catalog size up, with its index read from the
/// checkpoint folder when one there matches the weights, and built and stored there otherwise.
/// </summary>
public sealed class ServedScorerTests : IDisposable
{
    private readonly TwoVersionStore _versions = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _versions.Dispose();

    [Fact]
    public async Task Auto_scans_exactly_below_the_retrieval_size_and_retrieves_from_it()
    {
        Assert.Equal("fused float32", await ScorerNameAsync(new InferenceOptions { Device = "cpu", RetrievalMinItems = TestCheckpoints.Items + 1 }));
        Assert.Equal("ivf (7 lists, 7 probes)", await ScorerNameAsync(new InferenceOptions { Device = "cpu", RetrievalMinItems = TestCheckpoints.Items }));
        Assert.Equal("ivf (5 lists, 2 probes)", await ScorerNameAsync(new InferenceOptions { Device = "cpu", Scorer = ServingScorer.Ivf, IvfLists = 5, IvfProbes = 2 }));
        Assert.Equal("ivf (5 lists, 5 probes)", await ScorerNameAsync(new InferenceOptions { Device = "cpu", Scorer = ServingScorer.Ivf }));
        Assert.Equal("torch", await ScorerNameAsync(new InferenceOptions { Device = "cpu", Scorer = ServingScorer.Torch, RetrievalMinItems = 1 }));
    }

    [Fact]
    public async Task An_index_built_at_load_is_stored_with_the_checkpoint_and_read_back_by_the_next_load()
    {
        var options = new InferenceOptions { Device = "cpu", Scorer = ServingScorer.Ivf };
        var path = Path.Combine(_versions.DirectoryOf(_versions.VersionA), IvfIndex.FileName);
        Assert.False(File.Exists(path), "a checkpoint this small is saved without an index");

        var first = await PreparationAsync(options, _versions.VersionA);
        var written = File.GetLastWriteTimeUtc(path);
        var second = await PreparationAsync(options, _versions.VersionA);

        Assert.Contains("built", first, StringComparison.Ordinal);
        Assert.Contains($"stored in {path}", first, StringComparison.Ordinal);
        Assert.Contains($"read from {path}", second, StringComparison.Ordinal);
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public async Task An_index_of_other_weights_or_a_damaged_one_is_rebuilt_rather_than_used()
    {
        var options = new InferenceOptions { Device = "cpu", Scorer = ServingScorer.Ivf };
        await PreparationAsync(options, _versions.VersionB);
        var path = Path.Combine(_versions.DirectoryOf(_versions.VersionA), IvfIndex.FileName);
        File.Copy(Path.Combine(_versions.DirectoryOf(_versions.VersionB), IvfIndex.FileName), path);

        var foreign = await PreparationAsync(options, _versions.VersionA);
        File.WriteAllBytes(path, [1, 2, 3]);
        var damaged = await PreparationAsync(options, _versions.VersionA);
        var repaired = await PreparationAsync(options, _versions.VersionA);

        Assert.Contains("belongs to other weights", foreign, StringComparison.Ordinal);
        Assert.Contains("unreadable", damaged, StringComparison.Ordinal);
        Assert.Contains(path, damaged, StringComparison.Ordinal);
        Assert.Contains("read from", repaired, StringComparison.Ordinal);
    }

    private async Task<string> ScorerNameAsync(InferenceOptions options)
    {
        using var host = new ModelHost(_versions.Store, Options.Create(options), NullLogger<ModelHost>.Instance);
        return (await host.ActivateAsync(_versions.VersionA, Ct)).ScorerName;
    }

    private async Task<string> PreparationAsync(InferenceOptions options, string version)
    {
        using var host = new ModelHost(_versions.Store, Options.Create(options), NullLogger<ModelHost>.Instance);
        var loaded = await host.ActivateAsync(version, Ct);
        return loaded.Scorer!.Preparation;
    }
}
