using ActorRec.Grains.Inference;
using ActorRec.Grains.Serving;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Grains.Tests.Serving;

public sealed class ModelHostTests : IDisposable
{
    private readonly TwoVersionStore _versions = new();
    private readonly ModelHost _host;

    public ModelHostTests()
    {
        _host = new ModelHost(_versions.Store, Options.Create(new InferenceOptions { Device = "cpu" }), NullLogger<ModelHost>.Instance);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _host.Dispose();
        _versions.Dispose();
    }

    [Fact]
    public async Task A_leased_model_outlives_its_replacement_until_the_lease_ends()
    {
        var swaps = new List<(string? Previous, string Current)>();
        var retired = new List<string>();
        _host.Swapped += (_, e) => swaps.Add((e.PreviousVersion, e.CurrentVersion));
        _host.Retired += (_, e) => retired.Add(e.VersionId);
        await _host.ActivateAsync(_versions.VersionA, Ct);
        var lease = _host.Acquire();

        await _host.ActivateAsync(_versions.VersionB, Ct);
        var usable = StepOnce(lease);
        var retiredWhileLeased = retired.Count;
        lease.Dispose();

        Assert.Equal(_versions.VersionB, _host.Current?.VersionId);
        Assert.True(usable, "the leased model could not run after the swap");
        Assert.Equal(0, retiredWhileLeased);
        Assert.Equal([_versions.VersionA], retired);
        Assert.Equal([((string?)null, _versions.VersionA), (_versions.VersionA, _versions.VersionB)], swaps);
        Assert.Throws<ObjectDisposedException>(() => lease.Model);
    }

    [Fact]
    public async Task Activating_the_active_version_again_keeps_the_loaded_model()
    {
        var first = await _host.ActivateAsync(_versions.VersionA, Ct);

        var second = await _host.ActivateAsync(_versions.VersionA, Ct);

        Assert.Same(first, second);
        Assert.False(first.IsDisposed);
    }

    [Fact]
    public async Task Activating_the_newest_version_picks_the_latest_checkpoint()
    {
        var newest = _versions.Store.Newest()!.VersionId;

        var loaded = await _host.ActivateNewestAsync(Ct);

        Assert.Equal(newest, loaded?.VersionId);
        Assert.Equal(TestCheckpoints.Items, loaded?.ItemCount);
        Assert.Equal(16, loaded?.HiddenSize);
    }

    [Fact]
    public async Task A_version_missing_from_the_store_is_refused_and_the_active_one_stays()
    {
        await _host.ActivateAsync(_versions.VersionA, Ct);

        await Assert.ThrowsAsync<KeyNotFoundException>(() => _host.ActivateAsync("gru4rec-missing", Ct));

        Assert.Equal(_versions.VersionA, _host.Current?.VersionId);
    }

    [Fact]
    public void Nothing_can_be_leased_before_a_version_is_active()
    {
        Assert.Null(_host.Current);
        Assert.Throws<InvalidOperationException>(() => _host.Acquire());
    }

    [Fact]
    public async Task Disposing_the_host_retires_the_active_model_once_its_lease_ends()
    {
        var loaded = await _host.ActivateAsync(_versions.VersionA, Ct);
        var lease = _host.Acquire();

        _host.Dispose();
        var disposedWhileLeased = loaded.IsDisposed;
        lease.Dispose();

        Assert.False(disposedWhileLeased);
        Assert.True(loaded.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => _host.Acquire());
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("auto")]
    public void The_device_comes_from_the_options(string setting)
    {
        var expected = setting == "auto" && cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU;

        Assert.Equal(expected, ModelHost.ResolveDevice(setting).type);
    }

    private static bool StepOnce(ModelLease lease)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var scores = lease.Model.ScoreAll(lease.Model.Advance(lease.Model.InitialHidden(1), tensor(new long[] { 1 })));
        return scores.shape[1] == TestCheckpoints.Items && scores.isfinite().all().item<bool>();
    }
}
