using System.ComponentModel.DataAnnotations;
using ActorRec.Grains.Serving;
using ActorRec.Models.Scoring;

namespace ActorRec.Grains.Inference;

/// <summary>How the batching engine groups session steps and where the model runs.</summary>
public sealed class InferenceOptions : IValidatableObject
{
    public const string SectionName = "Inference";

    /// <summary>Most requests run in one model step. Default 256.</summary>
    [Range(1, 65_536)]
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// Longest the oldest of the requests that queued behind a running batch is held for others to join them. Default
    /// 2 ms. An idle worker never waits: it runs the first request that arrives at once, so a lone client pays no window.
    /// Zero runs whatever is queued at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Requests that may wait for the worker; beyond it submissions fail at once with <see cref="InferenceQueueFullException"/>. Default 10 000.</summary>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// Threads of the inference worker: libtorch's intra-op threads and the fused scorer's. Default 1: batching already
    /// amortises the work, and the remaining cores stay with the silo's request handling.
    /// </summary>
    [Range(1, 1024)]
    public int Threads { get; set; } = 1;

    /// <summary>
    /// How long a step waits for this silo to load the active version when it has none yet (a silo that just started
    /// takes sessions before its first load completes). After that the step fails with UNAVAILABLE, which clients
    /// retry. Default 10 s. Without any active version in the cluster it fails at once with FAILED_PRECONDITION.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ModelLoadWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How scores become each session's top k. Default Auto: for every model whose scores are a dot product with an item
    /// table, the exact fused scorer (several times faster than torch on CPUs, see docs/benchmarks.md) below
    /// <see cref="RetrievalMinItems"/> items and retrieval by an inverted-file index from there up; torch for other models.
    /// The load log says which one each loaded version uses.
    /// </summary>
    public ServingScorer Scorer { get; set; } = ServingScorer.Auto;

    /// <summary>With <see cref="ServingScorer.Auto"/>, the catalog size from which retrieval replaces the exact scan. Default 250,000.</summary>
    [Range(1, int.MaxValue)]
    public int RetrievalMinItems { get; set; } = IvfOptions.AutoMinItems;

    /// <summary>
    /// With retrieval, the lists of the index scanned per session; 0 (default) scans a tenth of them. More probes, higher
    /// recall, proportionally more work.
    /// </summary>
    [Range(0, 1 << 22)]
    public int IvfProbes { get; set; }

    /// <summary>
    /// With retrieval, the lists of the index; 0 (default) picks the square root of the item count, or keeps the count of
    /// the index stored with the checkpoint. A stored index with another count is rebuilt at load and stored again.
    /// </summary>
    [Range(0, 1 << 22)]
    public int IvfLists { get; set; }

    /// <summary>
    /// Which copy of the item table the fused scorer scans. Default float32 (exact); bfloat16 halves the memory read per
    /// batch and re-scores the best candidates in float32, worth it for very large catalogs.
    /// </summary>
    public ScorerPrecision ScorerPrecision { get; set; } = ScorerPrecision.Float32;

    /// <summary>Where models run: "cpu", "cuda", "cuda:N", or "auto" (CUDA when the native backend finds a GPU). Default "auto".</summary>
    [Required]
    [RegularExpression("^(auto|cpu|cuda(:[0-9]+)?)$")]
    public string Device { get; set; } = "auto";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Refused at start rather than on the first activation, where it would fail every request instead.
        if (ModelHost.CudaProblem(Device) is { } problem)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(Device)}: {problem}", [nameof(Device)]);
        }
    }
}
