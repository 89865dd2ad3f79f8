using ActorRec.Models.Data;
using ActorRec.Models.Sessions;
using static TorchSharp.torch;

namespace ActorRec.Grains.Serving;

/// <summary>
/// A model version loaded for serving. Reference-counted: the host holds one reference while the version is active
/// and every <see cref="ModelLease"/> one more, so a swap never disposes weights that a running batch still reads.
/// </summary>
/// <remarks>The metadata here stays valid after retirement; the weights are reachable only through a lease.</remarks>
public sealed class LoadedModel
{
    private readonly Action<LoadedModel> _onRetired;
    private int _references = 1;
    private volatile bool _disposed;

    internal LoadedModel(ISessionModel model, string versionId, Action<LoadedModel> onRetired, ServedScorer? scorer = null)
    {
        Model = model;
        Scorer = scorer;
        VersionId = versionId;
        Kind = model.Kind;
        HiddenSize = model.HiddenSize;
        using (NewDisposeScope())
        {
            // Read once: a new session's rows start from it in every batch, as plain floats like the states grains hold.
            InitialHidden = model.InitialHidden(1).cpu().data<float>().ToArray();
        }

        _onRetired = onRetired;
    }

    public string VersionId { get; }

    /// <summary>Maps external item ids to the indices this version's requests use.</summary>
    public ItemVocabulary Vocabulary => Model.Vocabulary;

    public int ItemCount => Model.ItemCount;

    /// <summary>The model kind ("gru4rec", "sqn", ...), as its manifest names it.</summary>
    public string Kind { get; }

    /// <summary>Length of a flattened hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>The flattened state of a session before its first click.</summary>
    internal float[] InitialHidden { get; }

    /// <summary>Whether the weights have been released because the version was retired and its last lease ended.</summary>
    public bool IsDisposed => _disposed;

    internal ISessionModel Model { get; }

    /// <summary>The fused or retrieval scorer of this version, or null when batches score with torch.</summary>
    internal ServedScorer? Scorer { get; }

    /// <summary>"torch", "fused float32", "ivf (999 lists, 49 probes)" ...: what ranks the catalog, as the load log reports it.</summary>
    public string ScorerName => Scorer?.Scorer.Name ?? "torch";

    /// <summary>Takes a reference unless the count already reached zero, which a retired model never leaves.</summary>
    internal bool TryAddReference()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    internal void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left > 0)
        {
            return;
        }

        if (left < 0)
        {
            throw new InvalidOperationException($"Model {VersionId} was released more often than it was referenced.");
        }

        Model.Dispose();
        _disposed = true;
        _onRetired(this);
    }
}
