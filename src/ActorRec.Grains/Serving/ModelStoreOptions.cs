using System.ComponentModel.DataAnnotations;

namespace ActorRec.Grains.Serving;

/// <summary>Where trained checkpoints live and how many of them are kept on disk.</summary>
public sealed class ModelStoreOptions
{
    public const string SectionName = "ModelStore";

    /// <summary>Folder whose subfolders are checkpoints, one per model version; relative to the working directory. Default "models".</summary>
    [Required]
    public string Directory { get; set; } = "models";

    /// <summary>How many of the newest versions <see cref="ModelStore.Prune"/> leaves on disk; the active version is kept besides. Default 5.</summary>
    [Range(1, 10_000)]
    public int KeepVersions { get; set; } = 5;
}
