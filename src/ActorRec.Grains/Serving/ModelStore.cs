using System.Text.Json;
using ActorRec.Models.Checkpoints;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorRec.Grains.Serving;

/// <summary>A folder of checkpoints, one subfolder per model version, read through their manifest.json files.</summary>
/// <remarks>Reads the folder on every call rather than caching it: a trainer in another process may add a version at any time.</remarks>
public sealed partial class ModelStore
{
    private readonly ILogger<ModelStore> _logger;
    private readonly int _keepVersions;

    public ModelStore(IOptions<ModelStoreOptions> options, ILogger<ModelStore> logger)
    {
        Directory = Path.GetFullPath(options.Value.Directory);
        _keepVersions = options.Value.KeepVersions;
        _logger = logger;
    }

    /// <summary>
    /// The file in the store's folder that names the active version. The registry's storage is the cluster's record,
    /// but it can be lost (a Redis flush, an expired key, a memory-only cluster restarting); this copy beside the
    /// checkpoints keeps a rollback from being undone by activating the newest version.
    /// </summary>
    public const string ActiveVersionFile = "active-version";

    /// <summary>Full path of the store's folder.</summary>
    public string Directory { get; }

    /// <summary>Every readable checkpoint, newest first; an absent folder is an empty store.</summary>
    public IReadOnlyList<ModelStoreEntry> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var entries = new List<ModelStoreEntry>();
        foreach (var folder in System.IO.Directory.EnumerateDirectories(Directory))
        {
            // Checkpoint.Save writes into a ".tmp-" sibling and renames it into place: such a folder is a
            // save in progress that will vanish, not a version to offer.
            if (Path.GetFileName(folder).Contains(".tmp-", StringComparison.Ordinal)
                || !File.Exists(Path.Combine(folder, Checkpoint.ManifestFile)))
            {
                continue;
            }

            try
            {
                entries.Add(new ModelStoreEntry(folder, Checkpoint.ReadManifest(folder)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
            {
                // One damaged checkpoint must not hide the others from the registry.
                LogUnreadable(_logger, folder, e);
            }
        }

        return [.. entries.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.VersionId, StringComparer.Ordinal)];
    }

    /// <summary>The checkpoint of <paramref name="versionId"/>, or null when the store has none.</summary>
    public ModelStoreEntry? Find(string versionId) => List().FirstOrDefault(e => e.VersionId == versionId);

    /// <summary>The most recently created checkpoint, or null for an empty store.</summary>
    public ModelStoreEntry? Newest() => List().FirstOrDefault();

    /// <summary>Records <paramref name="versionId"/> as the active version in the store's folder, replacing the file whole.</summary>
    public void RecordActive(string versionId)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var file = Path.Combine(Directory, ActiveVersionFile);
        var temporary = $"{file}.tmp-{Guid.NewGuid():N}";
        File.WriteAllText(temporary, versionId);
        File.Move(temporary, file, overwrite: true);
    }

    /// <summary>The version last recorded as active, or null when none is recorded or the store no longer holds it.</summary>
    public string? RecordedActive()
    {
        var file = Path.Combine(Directory, ActiveVersionFile);
        try
        {
            var versionId = File.ReadAllText(file).Trim();
            return versionId.Length > 0 && Find(versionId) is not null ? versionId : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A new, not yet existing checkpoint folder in the store, for <see cref="Checkpoint.Save"/>.</summary>
    public string NewCheckpointDirectory() =>
        Path.Combine(Directory, $"{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff'Z'}-{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>
    /// Deletes all but the newest <see cref="ModelStoreOptions.KeepVersions"/> checkpoints, never
    /// <paramref name="activeVersion"/>; returns the deleted versions.
    /// </summary>
    public IReadOnlyList<ModelStoreEntry> Prune(string? activeVersion) => PruneExcept(activeVersion is null ? [] : [activeVersion]);

    /// <summary>
    /// Deletes all but the newest <see cref="ModelStoreOptions.KeepVersions"/> checkpoints, never one of
    /// <paramref name="protectedVersions"/> (the active version, and the version a rollback would go back to, which after
    /// a rollback may be older than the newest few); returns the deleted versions.
    /// </summary>
    public IReadOnlyList<ModelStoreEntry> PruneExcept(IReadOnlyCollection<string> protectedVersions)
    {
        var deleted = new List<ModelStoreEntry>();
        foreach (var entry in List().Skip(_keepVersions).Where(e => !protectedVersions.Contains(e.VersionId)))
        {
            try
            {
                System.IO.Directory.Delete(entry.Directory, recursive: true);
                deleted.Add(entry);
                LogPruned(_logger, entry.VersionId, entry.Directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A checkpoint still open elsewhere is retried on the next prune rather than failing this one.
                LogPruneFailed(_logger, entry.Directory, e);
            }
        }

        return deleted;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Skipping unreadable checkpoint {Directory}")]
    private static partial void LogUnreadable(ILogger logger, string directory, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Pruned model version {VersionId} ({Directory})")]
    private static partial void LogPruned(ILogger logger, string versionId, string directory);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Could not prune checkpoint {Directory}")]
    private static partial void LogPruneFailed(ILogger logger, string directory, Exception exception);
}
