using System.ComponentModel.DataAnnotations;

namespace ActorRec.Grains.ClickLog;

/// <summary>
/// Where accepted clicks are logged. A single silo without Redis writes segmented files under <see cref="Directory"/>;
/// a Redis-backed cluster appends to the stream <see cref="StreamKey"/>, which every silo shares.
/// </summary>
public sealed class ClickLogOptions
{
    public const string SectionName = "ClickLog";

    /// <summary>Folder of the file log's segments; relative to the working directory. Default "clicklog".</summary>
    [Required]
    public string Directory { get; set; } = "clicklog";

    /// <summary>
    /// A segment is closed and the next one started when a record would take it past this size. Default 64 MiB
    /// (about 780,000 clicks with 36-character session ids and 9-character item ids: 86 bytes each).
    /// </summary>
    [Range(4_096L, 1L << 40)]
    public long SegmentBytes { get; set; } = 64L << 20;

    /// <summary>Closed segments beyond this many (oldest first) are deleted, together with the clicks they hold. Default 32.</summary>
    [Range(1, 1_000_000)]
    public int RetainSegments { get; set; } = 32;

    /// <summary>
    /// Longest written data waits before it is forced to the disk (fsync). An answered click is always in the operating
    /// system's hands, so a killed process loses nothing answered; an operating-system crash or power loss can lose up to
    /// this much. Zero forces every group of appends to the disk before answering it. Default 1 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Key of the Redis stream the clicks go to when the cluster keeps its state in Redis. Default "actorrec:clicks".</summary>
    [Required]
    public string StreamKey { get; set; } = "actorrec:clicks";

    /// <summary>
    /// The Redis stream is trimmed to about this many clicks on each append (MAXLEN ~, which trims whole internal nodes,
    /// so the stream may hold somewhat more). Default 10,000,000.
    /// </summary>
    [Range(1L, long.MaxValue)]
    public long MaxLength { get; set; } = 10_000_000;
}
