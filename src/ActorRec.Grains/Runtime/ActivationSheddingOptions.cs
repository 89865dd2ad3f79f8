using System.ComponentModel.DataAnnotations;

namespace ActorRec.Grains.Runtime;

/// <summary>
/// Orleans' activation shedding under memory pressure: once the process uses more than <see cref="MemoryLimitPercent"/>
/// of the memory available to it, the silo deactivates its least recently used grains (idle sessions first; their state
/// stays in storage) until it is back under <see cref="MemoryTargetPercent"/>, instead of running out of memory under a
/// flood of new sessions.
/// </summary>
public sealed class ActivationSheddingOptions : IValidatableObject
{
    public const string SectionName = "ActivationShedding";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Memory use, in percent of what the process may use, at which shedding starts. 85 leaves the GC and a burst of
    /// deactivations room below a container's hard limit; Orleans' own default, 80, sheds sooner than a silo that holds
    /// a loaded model beside its sessions needs.
    /// </summary>
    [Range(1, 100)]
    public double MemoryLimitPercent { get; set; } = 85;

    /// <summary>Memory use that shedding brings the silo back to; ten points below the limit, so that it does not shed again at once.</summary>
    [Range(1, 100)]
    public double MemoryTargetPercent { get; set; } = 75;

    /// <summary>How often memory use is looked at (Orleans' default).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PollingPeriod { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MemoryTargetPercent >= MemoryLimitPercent)
        {
            yield return new ValidationResult(
                $"MemoryTargetPercent ({MemoryTargetPercent}) must be below MemoryLimitPercent ({MemoryLimitPercent}).",
                [nameof(MemoryTargetPercent)]);
        }
    }
}
