using System.ComponentModel.DataAnnotations;

namespace ActorRec.Api;

/// <summary>Limits and defaults of the public gRPC API.</summary>
public sealed class ServingOptions
{
    public const string SectionName = "Serving";

    /// <summary>Recommendations returned when a request leaves k at 0.</summary>
    [Range(1, 1000)]
    public int DefaultK { get; set; } = 20;

    /// <summary>Largest k a client may ask for.</summary>
    [Range(1, 1000)]
    public int MaxK { get; set; } = 100;

    /// <summary>Longest accepted session or item id, in characters.</summary>
    [Range(1, 4096)]
    public int MaxIdLength { get; set; } = 256;

    /// <summary>
    /// How far past the server's clock a click's timestamp may lie; clients' clocks drift, but a timestamp days ahead
    /// is a bug or a forgery and would poison the history the trainer reads.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Whether this process serves Recommender and ModelAdmin. A silo behind a gateway tier (ActorRec.Gateway) sets it
    /// to false and keeps only gRPC health and metrics; the gateway always serves them.
    /// </summary>
    public bool PublicApi { get; set; } = true;

    /// <summary>On shutdown, how long to wait for clicks being processed before the silo stops.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
