using System.ComponentModel.DataAnnotations;

namespace ActorRec.Models.Data;

/// <summary>Filtering and splitting of click logs into training and test sessions, after the GRU4Rec paper.</summary>
public sealed class PreprocessOptions
{
    public const string SectionName = "Preprocessing";

    /// <summary>Training items with fewer events are dropped (default 5, as in GRU4Rec).</summary>
    [Range(1, int.MaxValue)]
    public int MinItemSupport { get; set; } = 5;

    /// <summary>Training sessions with fewer events are dropped (default 2: a session of one event has no next-item target).</summary>
    [Range(1, int.MaxValue)]
    public int MinSessionLength { get; set; } = 2;

    /// <summary>Test sessions shorter than this, after unseen items are dropped, are dropped (default 2).</summary>
    [Range(1, int.MaxValue)]
    public int MinTestSessionLength { get; set; } = 2;

    /// <summary>
    /// Repeat the session-length and item-support filters until neither removes anything (default true), so the
    /// training data satisfies both; false runs the paper's single pass: sessions, items, sessions.
    /// </summary>
    public bool IterativeFiltering { get; set; } = true;

    /// <summary>How a log without a test log is split (default by time, as GRU4Rec).</summary>
    public TestSplitMethod Split { get; set; } = TestSplitMethod.Time;

    /// <summary>For a session split: the fraction of sessions drawn as the test set (default 0.2).</summary>
    [Range(1e-9, 1 - 1e-9)]
    public double TestFraction { get; set; } = 0.2;

    /// <summary>For a session split: the seed of the draw; the same seed and sessions always give the same split.</summary>
    public int SplitSeed { get; set; } = 42;

    /// <summary>With no test log, sessions in the last this many days (anchored by <see cref="SplitAnchor"/>) become the test set (default 1, GRU4Rec's YOOCHOOSE split).</summary>
    [Range(1e-9, double.MaxValue)]
    public double TestDays { get; set; } = 1;

    /// <summary>Which time of a session the time split looks at (default its last event, as official GRU4Rec).</summary>
    public TimeSplitAnchor SplitAnchor { get; set; } = TimeSplitAnchor.SessionEnd;

    /// <exception cref="ValidationException">An option is out of range.</exception>
    public void Validate() => Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
}
