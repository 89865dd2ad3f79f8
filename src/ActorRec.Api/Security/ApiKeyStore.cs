using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ActorRec.Api.Security;

/// <summary>
/// The API keys the server accepts: those in configuration and those in <see cref="SecurityOptions.ApiKeysFile"/>. The
/// file is looked at on every authentication (one stat) and read again when it changed, so adding, rotating or revoking
/// a key takes effect at the next call without a restart. A file that does not parse keeps the previous keys.
/// </summary>
internal sealed partial class ApiKeyStore(IOptionsMonitor<SecurityOptions> options, ILogger<ApiKeyStore> logger)
{
    private static readonly JsonSerializerOptions FileFormat = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly Lock _gate = new();
    private (string Path, DateTime WrittenAt, long Length) _loaded;
    private IReadOnlyDictionary<string, ApiKeyEntry> _fileKeys = new Dictionary<string, ApiKeyEntry>();

    /// <summary>The entry whose hash matches <paramref name="key"/>, or null.</summary>
    public ApiKeyEntry? Find(string key)
    {
        if (ApiKeyRules.IdOf(key) is not { } id)
        {
            return null;
        }

        var entry = options.CurrentValue.ApiKeys.FirstOrDefault(e => e.Id == id) ?? FileKeys().GetValueOrDefault(id);
        if (entry is null)
        {
            return null;
        }

        // Constant time: how much of a guessed key matched must not show in the response time.
        var expected = Encoding.ASCII.GetBytes(entry.Hash);
        var actual = Encoding.ASCII.GetBytes(ApiKeyRules.Hash(key));
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? entry : null;
    }

    /// <summary>Reads the file once now, so that a broken file fails the start instead of the first call.</summary>
    public void Load()
    {
        var path = options.CurrentValue.ApiKeysFile;
        if (!string.IsNullOrWhiteSpace(path))
        {
            _fileKeys = Parse(path);
            _loaded = Stamp(path);
        }
    }

    private IReadOnlyDictionary<string, ApiKeyEntry> FileKeys()
    {
        var path = options.CurrentValue.ApiKeysFile;
        if (string.IsNullOrWhiteSpace(path))
        {
            return new Dictionary<string, ApiKeyEntry>();
        }

        var stamp = Stamp(path);
        lock (_gate)
        {
            if (stamp == _loaded)
            {
                return _fileKeys;
            }

            try
            {
                _fileKeys = Parse(path);
                LogKeysLoaded(logger, _fileKeys.Count, path);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                LogKeysFileRejected(logger, path, e.Message);
            }

            _loaded = stamp;
            return _fileKeys;
        }
    }

    /// <summary>
    /// What identifies one version of the file: the file its path really leads to (Kubernetes mounts a Secret through a
    /// folder link that it swaps to a new folder on every update, while the path, time and size it shows may not change),
    /// its time and size.
    /// </summary>
    private static (string Path, DateTime WrittenAt, long Length) Stamp(string path)
    {
        try
        {
            var file = new FileInfo(RealPath.Of(path));
            return file.Exists ? (file.FullName, file.LastWriteTimeUtc, file.Length) : (file.FullName, default, -1);
        }
        catch (IOException)
        {
            // A looping link: stamped as missing, and reading it fails with the reason.
            return (path, default, -1);
        }
    }

    private static Dictionary<string, ApiKeyEntry> Parse(string path)
    {
        ApiKeyFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ApiKeyFile>(File.ReadAllText(path), FileFormat);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{(e.LineNumber ?? 0) + 1}: not a valid key file ({e.Message})", e);
        }

        var keys = new Dictionary<string, ApiKeyEntry>(StringComparer.Ordinal);
        foreach (var (entry, index) in (file?.Keys ?? []).Select((entry, index) => (entry, index)))
        {
            if (ApiKeyRules.Problems(entry).FirstOrDefault() is { } problem)
            {
                throw new InvalidDataException($"{path}: keys[{index}]: {problem}");
            }

            if (!keys.TryAdd(entry.Id, entry))
            {
                throw new InvalidDataException($"{path}: keys[{index}]: the id '{entry.Id}' appears twice");
            }
        }

        return keys;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} API keys from {Path}")]
    private static partial void LogKeysLoaded(ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "The API key file {Path} was not loaded; the previous keys stay in force: {Reason}")]
    private static partial void LogKeysFileRejected(ILogger logger, string path, string reason);
}
