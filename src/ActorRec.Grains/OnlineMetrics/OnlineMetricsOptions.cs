using System.ComponentModel.DataAnnotations;

namespace ActorRec.Grains.OnlineMetrics;

/// <summary>How the live accuracy of served answers (online HitRate@K and MRR@K) is measured.</summary>
public sealed class OnlineMetricsOptions
{
    public const string SectionName = "OnlineMetrics";

    /// <summary>The sliding window the metrics cover: events older than this drop out. Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The window slides in steps of <see cref="Window"/> / WindowBuckets, so it covers between Window minus one step
    /// and Window of history. Default 60 (10-second steps for the default window).
    /// </summary>
    [Range(1, 3600)]
    public int WindowBuckets { get; set; } = 60;

    /// <summary>
    /// The cutoff k: a next click is a hit when it is among the first K items served for the previous click (fewer
    /// when the client asked for fewer). Default 20.
    /// </summary>
    [Range(1, 100)]
    public int K { get; set; } = 20;
}
