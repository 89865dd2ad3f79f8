using System.Diagnostics;
using ActorRec.Grains.Inference;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace ActorRec.Grains.Serving;

/// <summary>
/// Holds the model version this process serves. Activation loads a checkpoint off the caller's thread and then
/// swaps it in atomically; batches that leased the previous version finish on it, and it is disposed when the
/// last of them releases its lease.
/// </summary>
public sealed partial class ModelHost : IModelSource, IDisposable
{
    private readonly ModelStore _store;
    private readonly ILogger<ModelHost> _logger;
    private readonly InferenceOptions _options;

    // Serialises loads so that two activations never hold two extra copies of the weights at once. Never disposed:
    // an activation still running at shutdown releases it in its finally block.
    private readonly SemaphoreSlim _loading = new(1, 1);

    // Taken only to swap and to dispose, so that a swap cannot install a model after Dispose released the last one.
    private readonly Lock _swap = new();
    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoadedModel? _current;
    private bool _disposed;

    public ModelHost(ModelStore store, IOptions<InferenceOptions> options, ILogger<ModelHost> logger)
    {
        _store = store;
        _options = options.Value;
        _logger = logger;
        Device = ResolveDevice(options.Value.Device);
    }

    /// <summary>Raised after a new version became active, on the activating thread.</summary>
    public event EventHandler<ModelSwappedEventArgs>? Swapped;

    /// <summary>Raised after a replaced version released its weights, on the thread that ended its last lease.</summary>
    public event EventHandler<ModelRetiredEventArgs>? Retired;

    /// <summary>Where models are loaded, from <see cref="InferenceOptions.Device"/>.</summary>
    public Device Device { get; }

    /// <summary>The active version's metadata and vocabulary, or null before the first activation. Lease it to run it.</summary>
    public LoadedModel? Current => Volatile.Read(ref _current);

    /// <summary>Completes once a first version is active; after that <see cref="Current"/> is never null until disposal.</summary>
    public Task FirstLoaded => _firstLoad.Task;

    /// <summary>
    /// Loads <paramref name="versionId"/> from the store on a pool thread, warms it up and makes it the active version.
    /// Returns at once when it is already active; throws <see cref="KeyNotFoundException"/> for a version the store lacks.
    /// </summary>
    public async Task<LoadedModel> ActivateAsync(string versionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(versionId);
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (Current is { } active && active.VersionId == versionId)
            {
                return active;
            }

            var entry = _store.Find(versionId)
                ?? throw new KeyNotFoundException($"Model version '{versionId}' is not in the model store at '{_store.Directory}'.");
            LogLoading(_logger, versionId, entry.Directory, Device.ToString());
            var started = Stopwatch.GetTimestamp();

            // Reading, hashing and warming up the weights takes seconds for a large catalogue: keep it off the
            // caller's thread, which may be an Orleans scheduler thread.
            var (model, scorer) = await Task.Run(() => Load(entry.Directory), cancellationToken);
            var loaded = Swap(model, versionId, scorer);
            LogLoaded(_logger, versionId, Stopwatch.GetElapsedTime(started).TotalMilliseconds, loaded.ItemCount, loaded.ScorerName);
            if (scorer is { Preparation.Length: > 0 })
            {
                LogScorerPrepared(_logger, versionId, scorer.Preparation);
            }
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Activates the store's newest version; null when the store is empty.</summary>
    public async Task<LoadedModel?> ActivateNewestAsync(CancellationToken cancellationToken = default) =>
        _store.Newest() is { } newest ? await ActivateAsync(newest.VersionId, cancellationToken) : null;

    /// <summary>Makes a model already in memory the active version and takes ownership of it.</summary>
    public LoadedModel Activate(ISessionModel model, string versionId)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(versionId);
        model.PrepareForInference();
        return Swap(model, versionId, ServedScorer.For(model, _options));
    }

    /// <summary>Leases the active version; throws <see cref="InvalidOperationException"/> when none is active.</summary>
    public ModelLease Acquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _current);
            if (current is null)
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
                throw new InvalidOperationException("No model version is active.");
            }

            if (current.TryAddReference())
            {
                return new ModelLease(current);
            }

            // A swap released this version's last reference between the read and the increment: the next read
            // sees the version that replaced it.
        }
    }

    public void Dispose()
    {
        LoadedModel? previous;
        lock (_swap)
        {
            _disposed = true;
            previous = Interlocked.Exchange(ref _current, null);
        }

        previous?.Release();
    }

    internal static Device ResolveDevice(string name) => name.Trim().ToLowerInvariant() switch
    {
        "auto" => cuda.is_available() ? CUDA : CPU,
        var explicitDevice => device(explicitDevice),
    };

    /// <summary>
    /// Why an explicit CUDA device (cuda, cuda:N) cannot be used here, or null when it can or none was asked for.
    /// TorchSharp reports no CUDA both on a build with the CPU-only backend and on a machine without a usable GPU.
    /// </summary>
    internal static string? CudaProblem(string? name)
    {
        var trimmed = name?.Trim().ToLowerInvariant();
        if (trimmed is null || !trimmed.StartsWith("cuda", StringComparison.Ordinal))
        {
            return null;
        }

        const string Advice = "Set it to auto or cpu, or run a build made with -p:TorchSharpBackend=TorchSharp-cuda-linux (see Directory.Build.props) on a machine with an NVIDIA GPU and driver.";
        if (!cuda.is_available())
        {
            return $"'{name}' asks for CUDA, but TorchSharp found no CUDA device (this build's backend is CPU-only, or the machine has no usable GPU). {Advice}";
        }

        var count = cuda.device_count();
        return trimmed.Split(':') is [_, var index] && int.TryParse(index, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= count
            ? $"'{name}' asks for GPU {n}, but TorchSharp found {count} CUDA device(s) (0 to {count - 1}). {Advice}"
            : null;
    }

    private (ISessionModel Model, ServedScorer? Scorer) Load(string directory)
    {
        var (model, _) = Checkpoint.Load(directory, Device);
        try
        {
            // One single-row step before the swap: libtorch allocates its buffers and picks kernels on first use,
            // which the first real batch would otherwise pay for, and a checkpoint that cannot run fails here
            // instead of in every request.
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            model.ScoreAll(model.Advance(model.InitialHidden(1), zeros(1, dtype: int64, device: Device)));

            // The fused scorer copies the item table, and retrieval reads or builds its index, once per version, here, off
            // the serving path.
            return (model, ServedScorer.For(model, _options, directory));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private LoadedModel Swap(ISessionModel model, string versionId, ServedScorer? scorer)
    {
        var loaded = new LoadedModel(model, versionId, OnRetired, scorer);
        LoadedModel? previous;
        lock (_swap)
        {
            if (_disposed)
            {
                model.Dispose();
                throw new ObjectDisposedException(nameof(ModelHost));
            }

            previous = Interlocked.Exchange(ref _current, loaded);
        }

        _firstLoad.TrySetResult();
        LogSwapped(_logger, previous?.VersionId, versionId);
        Raise(Swapped, new ModelSwappedEventArgs(previous?.VersionId, versionId));
        previous?.Release();
        return loaded;
    }

    private void OnRetired(LoadedModel model)
    {
        LogRetired(_logger, model.VersionId);
        Raise(Retired, new ModelRetiredEventArgs(model.VersionId));
    }

    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        try
        {
            handler?.Invoke(this, args);
        }
        catch (Exception e)
        {
            // Retired fires on the inference worker: a faulty subscriber must not fail the batch that ended the lease.
            LogHandlerFailed(_logger, typeof(T).Name, e);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Loading model version {VersionId} from {Directory} onto {Device}")]
    private static partial void LogLoading(ILogger logger, string versionId, string directory, string device);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Model version {VersionId} loaded and warmed up in {Milliseconds:F0} ms: {ItemCount} items, scored by {Scorer}")]
    private static partial void LogLoaded(ILogger logger, string versionId, double milliseconds, int itemCount, string scorer);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Active model version is now {VersionId} (was {PreviousVersionId})")]
    private static partial void LogSwapped(ILogger logger, string? previousVersionId, string versionId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Model version {VersionId} retired: its last batch ended and its weights were released")]
    private static partial void LogRetired(ILogger logger, string versionId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Model version {VersionId} retrieval: {Preparation}")]
    private static partial void LogScorerPrepared(ILogger logger, string versionId, string preparation);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "A {EventName} event handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, string eventName, Exception exception);
}
