using System.ComponentModel.DataAnnotations;

namespace ActorRec.Models.Scoring;

/// <summary>Settings of an <see cref="IvfIndex"/> (how it is built) and of an <see cref="IvfTopKScorer"/> (how much of it a query scans).</summary>
public sealed class IvfOptions
{
    /// <summary>
    /// Catalogs of at least this many items are served by retrieval unless a scorer is configured, and their checkpoints
    /// carry an index: below it the exact fused scan keeps up (docs/benchmarks.md).
    /// </summary>
    public const int AutoMinItems = 250_000;

    /// <summary>Lists (k-means clusters) of a new index; 0, the default, picks the square root of the item count (1,000 for a million).</summary>
    [Range(0, 1 << 22)]
    public int Lists { get; set; }

    /// <summary>
    /// Lists scanned per query row, the best by their centroid's score; 0, the default, scans a tenth of the lists (at
    /// least 8). More probes raise recall and cost proportionally: docs/benchmarks.md measures both.
    /// </summary>
    [Range(0, 1 << 22)]
    public int Probes { get; set; }

    /// <summary>Lloyd iterations of k-means when building; default 10.</summary>
    [Range(1, 1000)]
    public int Iterations { get; set; } = 10;

    /// <summary>Items sampled per list to train the centroids on (all items when fewer); default 64.</summary>
    [Range(1, 1 << 16)]
    public int SamplesPerList { get; set; } = 64;

    /// <summary>Seed of the sample and of the initial centroids: the same table and options build the same index.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Threads that build the index and that scan a batch's rows; default the processors available.</summary>
    [Range(1, 1024)]
    public int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>Lists of a new index over <paramref name="items"/> items.</summary>
    public int ListsFor(int items) =>
        Math.Clamp(Lists > 0 ? Lists : (int)Math.Round(Math.Sqrt(items)), 1, items);

    /// <summary>Lists one query row scans in an index of <paramref name="lists"/> lists.</summary>
    public int ProbesFor(int lists) => Math.Clamp(Probes > 0 ? Probes : Math.Max(8, lists / 10), 1, lists);

    /// <exception cref="ValidationException">A setting is out of its range; the message names it.</exception>
    public void Validate() => Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
}
