using ActorRec.Grains.Serving;
using ActorRec.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ActorRec.Grains.Tests.Serving;

/// <summary>A model store in a temporary folder holding two small GRU4Rec versions, A (seed 1) and B (seed 2).</summary>
internal sealed class TwoVersionStore : IDisposable
{
    private readonly TempFolder _folder = new();

    public TwoVersionStore(int[]? layers = null)
    {
        Store = new ModelStore(Options.Create(new ModelStoreOptions { Directory = _folder.Path }), NullLogger<ModelStore>.Instance);
        VersionA = TestCheckpoints.Save(Path.Combine(Store.Directory, "a"), seed: 1, layers).VersionId;
        VersionB = TestCheckpoints.Save(Path.Combine(Store.Directory, "b"), seed: 2, layers).VersionId;
    }

    public ModelStore Store { get; }

    public string VersionA { get; }

    public string VersionB { get; }

    /// <summary>The checkpoint folder of a version.</summary>
    public string DirectoryOf(string versionId) => Store.Find(versionId)!.Directory;

    public void Dispose() => _folder.Dispose();
}
