using ActorRec.Grains.Inference;
using ActorRec.Grains.Serving;
using ActorRec.Grains.Tests.Serving;
using ActorRec.Models.Gru4Rec;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace ActorRec.Grains.Tests.Inference;

/// <summary>A model store with two versions (A and B), a host with A active, and a batching engine over it.</summary>
internal sealed class InferenceHarness : IDisposable
{
    private readonly TwoVersionStore _versions;

    private InferenceHarness(InferenceOptions options, int[]? layers, bool gated, TestMeterFactory? meters)
    {
        _versions = new TwoVersionStore(layers);
        Host = new ModelHost(_versions.Store, Options.Create(options), NullLogger<ModelHost>.Instance);
        Gate = new GatedModelSource(Host);
        Engine = gated
            ? new BatchingEngine(Gate, options, NullLogger<BatchingEngine>.Instance, meters)
            : new BatchingEngine(Host, Options.Create(options), NullLogger<BatchingEngine>.Instance, meters);
    }

    public ModelStore Store => _versions.Store;

    public ModelHost Host { get; }

    /// <summary>Stops the worker at model lease time while closed; only effective for a gated harness.</summary>
    public GatedModelSource Gate { get; }

    public BatchingEngine Engine { get; }

    public string VersionA => _versions.VersionA;

    public string VersionB => _versions.VersionB;

    public static async Task<InferenceHarness> StartAsync(
        InferenceOptions? options = null, int[]? layers = null, bool gated = false, TestMeterFactory? meters = null)
    {
        var harness = new InferenceHarness(options ?? new InferenceOptions { Device = "cpu" }, layers, gated, meters);
        await harness.Host.ActivateAsync(harness.VersionA, TestContext.Current.CancellationToken);
        return harness;
    }

    /// <summary>A separate copy of a version's checkpoint, for stepping sessions directly.</summary>
    public Gru4RecModel LoadCopy(string versionId) => Gru4RecCheckpoint.Load(Store.Find(versionId)!.Directory).Model;

    public void Dispose()
    {
        Gate.Open();
        Engine.Dispose();
        Host.Dispose();
        Gate.Dispose();
        _versions.Dispose();
    }
}
