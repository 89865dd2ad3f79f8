using ActorRec.Models.Sessions;

namespace ActorRec.Grains.Serving;

/// <summary>Keeps one loaded model alive while a batch uses it, even across a swap; dispose it when the batch is done.</summary>
public sealed class ModelLease : IDisposable
{
    private LoadedModel? _loaded;

    internal ModelLease(LoadedModel loaded) => _loaded = loaded;

    public LoadedModel Loaded => _loaded ?? throw new ObjectDisposedException(nameof(ModelLease));

    /// <summary>The model and its vocabulary; valid until this lease is disposed.</summary>
    public ISessionModel Model => Loaded.Model;

    public string VersionId => Loaded.VersionId;

    public void Dispose() => Interlocked.Exchange(ref _loaded, null)?.Release();
}
