using System.ComponentModel.DataAnnotations;

namespace ActorRec.Grains.Training;

/// <summary>Retraining on the click log: when it runs, what it trains on, how the candidate is judged and what it may use.</summary>
public sealed class TrainingOptions : IValidatableObject
{
    public const string SectionName = "Training";

    /// <summary>
    /// Whether this silo may host the trainer. Off by default: training is opt-in, and in a cluster it is usually given
    /// to one or two silos so that the others keep all their cores for serving.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>How often the trainer looks at the click log for new clicks. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A run starts when this long has passed since the last one and at least one click is new; zero disables the schedule. Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A run starts as soon as this many clicks are new, whatever the schedule; 0 leaves it to the schedule. Default 50,000.</summary>
    [Range(0, int.MaxValue)]
    public int MinNewClicks { get; set; } = 50_000;

    /// <summary>The most recent clicks of the log a run trains and evaluates on. Default 500,000.</summary>
    [Range(100, 100_000_000)]
    public int WindowClicks { get; set; } = 500_000;

    /// <summary>Clicks older than this (by their timestamp) are left out of the window. Default 7 days.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan WindowAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Clicks per read of the click log. Default 10,000.</summary>
    [Range(1, 1_000_000)]
    public int ReadPageSize { get; set; } = 10_000;

    /// <summary>
    /// Older sessions trained on besides the log: empty for none (default); "manifest" for the data set recorded in the
    /// active checkpoint's manifest; otherwise a data set folder. Its items the active model does not know are dropped.
    /// </summary>
    public string BaseData { get; set; } = "";

    /// <summary>The newest this many training sessions of the base data are used. Default 50,000.</summary>
    [Range(1, int.MaxValue)]
    public int BaseDataMaxSessions { get; set; } = 50_000;

    /// <summary>The newest sessions of the window held out to evaluate both models, as a fraction of its sessions. Default 0.1.</summary>
    [Range(0.001, 0.9)]
    public double HoldoutFraction { get; set; } = 0.1;

    /// <summary>Fewer next-item targets than this in the held-out sessions are too few to judge by: the run is rejected. Default 200.</summary>
    [Range(1, int.MaxValue)]
    public int MinHoldoutTargets { get; set; } = 200;

    /// <summary>An item the active model does not know gets a row when it has at least this many training events in the window. Default 5.</summary>
    [Range(1, int.MaxValue)]
    public int MinItemSupport { get; set; } = 5;

    /// <summary>Epochs of training continued from the active model. Default 2.</summary>
    [Range(1, 1000)]
    public int Epochs { get; set; } = 2;

    /// <summary>Learning rate of the continued training; null for the active model's times <see cref="LearningRateScale"/>. Default null.</summary>
    [Range(1e-9, 100.0)]
    public double? LearningRate { get; set; }

    /// <summary>
    /// Without <see cref="LearningRate"/>, the continued training uses the active model's learning rate times this.
    /// Default 0.25: continued training starts with fresh Adagrad accumulators, so at the model's own rate its first steps
    /// are as large as a new model's and undo much of what it learned (see docs/retraining.md for the measurements).
    /// </summary>
    [Range(1e-6, 10.0)]
    public double LearningRateScale { get; set; } = 0.25;

    /// <summary>The metric the gate compares: recall@k, mrr@k or ndcg@k. Default "recall@20".</summary>
    [Required]
    [RegularExpression("^(recall|mrr|ndcg)@[1-9][0-9]{0,3}$")]
    public string GateMetric { get; set; } = "recall@20";

    /// <summary>The candidate is promoted when its gate metric is at least the active model's minus this. Default 0.005.</summary>
    [Range(0.0, 1.0)]
    public double Margin { get; set; } = 0.005;

    /// <summary>Sessions scored in parallel when evaluating; the result does not depend on it. Default 256.</summary>
    [Range(1, 65_536)]
    public int EvaluationBatchSize { get; set; } = 256;

    /// <summary>libtorch threads of the training thread. Default 1, so that training takes one core and serving keeps the rest.</summary>
    [Range(1, 1024)]
    public int Threads { get; set; } = 1;

    /// <summary>
    /// Linux nice value of the training thread (0 to 19; 0 leaves it as is). Default 10: when cores are scarce the
    /// scheduler gives serving threads precedence, and training takes what they leave. Ignored on other systems.
    /// </summary>
    [Range(0, 19)]
    public int Niceness { get; set; } = 10;

    /// <summary>Where training runs: "cpu", "cuda" or "cuda:N". Default "cpu".</summary>
    [Required]
    [RegularExpression("^(cpu|cuda(:[0-9]+)?)$")]
    public string Device { get; set; } = "cpu";

    /// <summary>Decisions kept in the trainer's state (newest first). Default 50.</summary>
    [Range(1, 10_000)]
    public int KeepDecisions { get; set; } = 50;

    /// <summary>How long a run in progress may take to stop when its silo shuts down. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WindowClicks / ReadPageSize > 100_000)
        {
            yield return new ValidationResult(
                $"{nameof(WindowClicks)} / {nameof(ReadPageSize)} must not exceed 100,000: the trainer keeps one log position per page of its window.",
                [nameof(WindowClicks), nameof(ReadPageSize)]);
        }
    }
}
