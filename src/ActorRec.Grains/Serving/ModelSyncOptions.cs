using System.ComponentModel.DataAnnotations;

namespace ActorRec.Grains.Serving;

/// <summary>How a silo follows the cluster's active model version.</summary>
public sealed class ModelSyncOptions
{
    public const string SectionName = "ModelSync";

    /// <summary>How often a silo checks the registry for a newly activated version.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Activate the newest stored version when the cluster has none active yet.</summary>
    public bool ActivateNewestWhenNone { get; set; } = true;
}
