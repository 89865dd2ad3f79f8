using System.ComponentModel.DataAnnotations;

namespace ActorRec.Grains.Sessions;

/// <summary>How session grains keep state.</summary>
public sealed class SessionGrainOptions : IValidatableObject
{
    public const string SectionName = "Sessions";

    /// <summary>The session grain class, as Orleans names it in per-class collection settings.</summary>
    public const string GrainClassName = "ActorRec.Grains.Grains.SessionGrain";

    /// <summary>Items of a session kept for exclusion and for replay under a new model version.</summary>
    [Range(1, 10_000)]
    public int HistoryCap { get; set; } = 200;

    /// <summary>
    /// Most ids in a session's history that the model did not know when they were clicked; 0 keeps none. A click on one
    /// more is answered (as unknown) and written to the click log, where retraining learns new items, but not kept in
    /// the stored state, so made-up ids cannot fill Redis. Twenty covers the new items a real visitor meets between
    /// two retrainings.
    /// </summary>
    [Range(0, 10_000)]
    public int MaxUnknownItems { get; set; } = 20;

    /// <summary>
    /// Most active sessions (clicked within <see cref="IdleTimeout"/>) one tenant may hold cluster-wide; 0 is
    /// unlimited. The first click of a session beyond it is refused. A million is far above what one tenant's real
    /// traffic keeps active and far below what would exhaust a cluster's memory.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxActivePerTenant { get; set; } = 1_000_000;

    /// <summary>
    /// The same limit for sessions without a tenant (a server without authentication, reachable only from its own
    /// machine); 0, the default, is unlimited.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxActiveWithoutTenant { get; set; }

    /// <summary>
    /// Idle time after which a session grain is deactivated (its state stays in storage). Orleans collects idle
    /// grains once per minute, so values must exceed that.
    /// </summary>
    [Range(typeof(TimeSpan), "00:02:00", "7.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a session's stored state outlives its last click in Redis before Redis removes it, so abandoned
    /// sessions do not accumulate; every applied click sets the time again. Zero keeps state until EndSession. Must
    /// exceed <see cref="IdleTimeout"/>, so that state never expires under a session grain that is still active.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan StateExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Where a new session is activated: Local (default), on the silo its first call reaches, so that clicks arriving
    /// through one silo or gateway connection never cross to another; Random, any silo (measured for comparison in
    /// docs/scaling.md).
    /// </summary>
    public SessionPlacementMode Placement { get; set; } = SessionPlacementMode.Local;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StateExpiry > TimeSpan.Zero && StateExpiry <= IdleTimeout)
        {
            yield return new ValidationResult(
                $"StateExpiry ({StateExpiry}) must exceed IdleTimeout ({IdleTimeout}), or be 0 to keep state until the session ends.",
                [nameof(StateExpiry)]);
        }
    }
}
