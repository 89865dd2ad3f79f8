using System.ComponentModel.DataAnnotations;

namespace ActorRec.Models.Scoring;

/// <summary>Settings of a <see cref="FusedTopKScorer"/>.</summary>
public sealed class FusedScorerOptions
{
    public const string SectionName = "Scoring";

    /// <summary>Threads that scan slices of the catalog in parallel; default the processors available to the process.</summary>
    [Range(1, 1024)]
    public int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Bytes of item weights scanned by every row of a batch before moving on; default 256 KiB, so that a block stays
    /// in a core's L2 cache while all query rows pass over it. Rounded to whole panels of items.
    /// </summary>
    [Range(4096, 1 << 30)]
    public int BlockBytes { get; set; } = 256 * 1024;

    /// <summary>Which copy of the table is scanned; default float32 (exact).</summary>
    public ScorerPrecision Precision { get; set; } = ScorerPrecision.Float32;

    /// <summary>With reduced precision, candidates re-scored in float32 per requested item (M = k x this); default 8.</summary>
    [Range(1, 1 << 16)]
    public int CandidatesPerK { get; set; } = 8;

    /// <summary>With reduced precision, the fewest candidates re-scored per row whatever k is; default 512.</summary>
    [Range(1, int.MaxValue)]
    public int MinCandidates { get; set; } = 512;

    /// <summary>
    /// The smallest slice of the catalog worth a thread of its own: below it, waking the thread costs more than the scan it
    /// takes over. Tests lower it to split small catalogs.
    /// </summary>
    internal int MinItemsPerThread { get; init; } = 2048;

    /// <summary>Candidates re-scored per row for <paramref name="k"/> items of a catalog of <paramref name="items"/>.</summary>
    public int CandidatesFor(int k, int items) => (int)Math.Min(items, Math.Max((long)k * CandidatesPerK, Math.Max(k, MinCandidates)));

    /// <exception cref="ValidationException">A setting is out of its range; the message names it.</exception>
    public void Validate() => Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
}
