using System.ComponentModel.DataAnnotations;

namespace ActorRec.Grains.Grains;

/// <summary>How session grains keep state.</summary>
public sealed class SessionGrainOptions
{
    public const string SectionName = "Sessions";

    /// <summary>The session grain class, as Orleans names it in per-class collection settings.</summary>
    public const string GrainClassName = "ActorRec.Grains.Grains.SessionGrain";

    /// <summary>Items of a session kept for exclusion and for replay under a new model version.</summary>
    [Range(1, 10_000)]
    public int HistoryCap { get; set; } = 200;

    /// <summary>
    /// Idle time after which a session grain is deactivated (its state stays in storage). Orleans collects idle
    /// grains once per minute, so values must exceed that.
    /// </summary>
    [Range(typeof(TimeSpan), "00:02:00", "7.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
