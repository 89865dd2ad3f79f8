using System.ComponentModel.DataAnnotations;

namespace ActorRec.Grains.Serving;

/// <summary>Limits on the operator's calls (ModelAdmin), enforced cluster-wide by the grains that serve them.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>
    /// Least time between two operator activations of a model version; 0 turns it off. Every activation makes every
    /// silo load a model and every running session replay its history on its next click, so back-to-back swaps (a
    /// script gone wrong, a stolen admin credential) would keep the cluster replaying. Ten seconds leaves a rollback
    /// right after a bad activation practically immediate.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ActivateCooldown { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Least time between two operator-triggered retraining runs; 0 turns it off. A run takes the training silo's cores
    /// for minutes; five minutes is about the length of a run on the reference data.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RetrainCooldown { get; set; } = TimeSpan.FromMinutes(5);
}
