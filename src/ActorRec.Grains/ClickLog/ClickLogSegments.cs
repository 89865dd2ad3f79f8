using System.Globalization;

namespace ActorRec.Grains.ClickLog;

/// <summary>
/// The numbered segment files of a file log's folder that retention keeps, oldest first; the last is the one being
/// written. The writer adds and expires segments while readers look them up, hence the lock.
/// </summary>
internal sealed class ClickLogSegments
{
    private const string Extension = ".clicklog";

    private readonly Lock _lock = new();
    private readonly List<long> _segments = [];

    /// <summary>Lists the segments already in <paramref name="directory"/>; none in a fresh folder.</summary>
    public ClickLogSegments(string directory)
    {
        Directory = directory;
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var segment) && segment > 0)
            {
                _segments.Add(segment);
            }
        }

        _segments.Sort();
    }

    /// <summary>The folder of the segments, as a full path.</summary>
    public string Directory { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _segments.Count;
            }
        }
    }

    /// <summary>The newest segment, the one appended to; null in a fresh folder.</summary>
    public long? Last
    {
        get
        {
            lock (_lock)
            {
                return _segments.Count == 0 ? null : _segments[^1];
            }
        }
    }

    public long Oldest
    {
        get
        {
            lock (_lock)
            {
                return _segments[0];
            }
        }
    }

    public string PathOf(long segment) => Path.Combine(Directory, segment.ToString("D12", CultureInfo.InvariantCulture) + Extension);

    /// <summary>The first retained segment after <paramref name="segment"/>; null when it is the last.</summary>
    public long? After(long segment)
    {
        lock (_lock)
        {
            foreach (var s in _segments)
            {
                if (s > segment)
                {
                    return s;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Adds a new last segment and takes out of the list the oldest beyond <paramref name="retain"/> closed ones,
    /// which it returns for deletion: out of the list before their files go, so that new reads no longer start in them.
    /// </summary>
    public long[] Add(long segment, int retain)
    {
        lock (_lock)
        {
            _segments.Add(segment);
            var excess = _segments.Count - 1 - retain;
            long[] expired = excess > 0 ? [.. _segments.Take(excess)] : [];
            _segments.RemoveRange(0, expired.Length);
            return expired;
        }
    }
}
