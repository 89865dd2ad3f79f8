using System.ComponentModel.DataAnnotations;
using ActorRec.Abstractions;
using Microsoft.Extensions.Options;

namespace ActorRec.Grains.OnlineMetrics;

/// <summary>
/// The silo's online HitRate@K and MRR@K per model version over a sliding window: each session grain reports, for
/// every applied click after its first, where the clicked item stood in the answer served for the previous click.
/// </summary>
/// <remarks>
/// Counts live in a ring of time buckets per version, so recording is a few additions under one lock and the window
/// slides by dropping whole buckets; the lock is held for nanoseconds, far below a click's cost.
/// </remarks>
public sealed class OnlineAccuracyWindow
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, VersionTally> _versions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly long _bucketTicks;
    private readonly int _buckets;

    public OnlineAccuracyWindow(IOptions<OnlineMetricsOptions> options, TimeProvider? time = null)
    {
        var value = options.Value;
        Validator.ValidateObject(value, new ValidationContext(value), validateAllProperties: true);
        _time = time ?? TimeProvider.System;
        _buckets = value.WindowBuckets;
        _bucketTicks = Math.Max(1, (long)(value.Window.TotalSeconds / value.WindowBuckets * _time.TimestampFrequency));
        Window = value.Window;
        K = value.K;
    }

    public TimeSpan Window { get; }

    public int K { get; }

    /// <summary>1-based rank of <paramref name="itemId"/> among the first <paramref name="k"/> of <paramref name="served"/>; 0 when absent.</summary>
    public static int RankOf(IReadOnlyList<ScoredItem> served, string itemId, int k)
    {
        var count = Math.Min(k, served.Count);
        for (var i = 0; i < count; i++)
        {
            if (string.Equals(served[i].ItemId, itemId, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return 0;
    }

    /// <summary>Records a session's click against the answer served for its previous click, under that answer's model version.</summary>
    public void RecordNextClick(SessionRecommendation previous, string clickedItemId)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (string.IsNullOrEmpty(previous.ModelVersion))
        {
            return;
        }

        Record(previous.ModelVersion, RankOf(previous.Items, clickedItemId, K));
    }

    /// <summary>Records one event of <paramref name="modelVersion"/>: a hit at <paramref name="rank"/> (1-based), or a miss when 0.</summary>
    public void Record(string modelVersion, int rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        var bucket = CurrentBucket();
        lock (_lock)
        {
            if (!_versions.TryGetValue(modelVersion, out var tally))
            {
                tally = new VersionTally(_buckets);
                _versions.Add(modelVersion, tally);
            }

            tally.Add(bucket, rank);
        }
    }

    /// <summary>The counts within the window, per version with events, most events first; versions without any are forgotten.</summary>
    public OnlineVersionMetrics[] Snapshot()
    {
        var bucket = CurrentBucket();
        var result = new List<OnlineVersionMetrics>();
        lock (_lock)
        {
            List<string>? stale = null;
            foreach (var (version, tally) in _versions)
            {
                var metrics = tally.Sum(version, bucket);
                if (metrics.Events == 0)
                {
                    (stale ??= []).Add(version);
                }
                else
                {
                    result.Add(metrics);
                }
            }

            stale?.ForEach(version => _versions.Remove(version));
        }

        return [.. result.OrderByDescending(m => m.Events).ThenBy(m => m.ModelVersion, StringComparer.Ordinal)];
    }

    private long CurrentBucket() => _time.GetTimestamp() / _bucketTicks;

    /// <summary>One version's counts in a ring of buckets; a slot belongs to the bucket number it was last reset for.</summary>
    private sealed class VersionTally
    {
        private readonly long[] _bucketIds;
        private readonly long[] _events;
        private readonly long[] _hits;
        private readonly double[] _reciprocalRanks;

        public VersionTally(int buckets)
        {
            _bucketIds = new long[buckets];
            Array.Fill(_bucketIds, long.MinValue);
            _events = new long[buckets];
            _hits = new long[buckets];
            _reciprocalRanks = new double[buckets];
        }

        public void Add(long bucket, int rank)
        {
            var slot = (int)(bucket % _bucketIds.Length);
            if (_bucketIds[slot] != bucket)
            {
                _bucketIds[slot] = bucket;
                _events[slot] = 0;
                _hits[slot] = 0;
                _reciprocalRanks[slot] = 0;
            }

            _events[slot]++;
            if (rank > 0)
            {
                _hits[slot]++;
                _reciprocalRanks[slot] += 1.0 / rank;
            }
        }

        public OnlineVersionMetrics Sum(string version, long bucket)
        {
            long events = 0, hits = 0;
            double reciprocalRanks = 0;
            for (var slot = 0; slot < _bucketIds.Length; slot++)
            {
                var id = _bucketIds[slot];
                if (id <= bucket && id > bucket - _bucketIds.Length)
                {
                    events += _events[slot];
                    hits += _hits[slot];
                    reciprocalRanks += _reciprocalRanks[slot];
                }
            }

            return new OnlineVersionMetrics(version, events, hits, reciprocalRanks);
        }
    }
}
