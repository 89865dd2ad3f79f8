using System.ComponentModel.DataAnnotations;

namespace ActorRec.Models.Data;

/// <summary>Shape of a synthetic click log: Zipf item popularity and sessions that walk a sparse item graph.</summary>
public sealed class SyntheticClickLogOptions
{
    public const string SectionName = "Synthetic";

    [Range(2, int.MaxValue)]
    public int Items { get; set; } = 10_000;

    [Range(1, int.MaxValue)]
    public int Sessions { get; set; } = 100_000;

    /// <summary>Popularity of the item of rank r is proportional to r^-ZipfExponent (default 1, typical of e-commerce clicks).</summary>
    [Range(0.0, 10.0)]
    public double ZipfExponent { get; set; } = 1.0;

    /// <summary>Mean events per session, lengths geometric with minimum 1 (default 5, close to YOOCHOOSE's).</summary>
    [Range(1.0, 10_000.0)]
    public double MeanSessionLength { get; set; } = 5;

    /// <summary>Successors per item in the transition graph (default 8): small enough that the next item is predictable.</summary>
    [Range(1, 1_000)]
    public int OutDegree { get; set; } = 8;

    /// <summary>Chance per step of jumping to a popularity-sampled item instead of a successor (default 0.1).</summary>
    [Range(0.0, 1.0)]
    public double RestartProbability { get; set; } = 0.1;

    /// <summary>Chance that a click is followed by a purchase of the same item (default 0: clicks only).</summary>
    [Range(0.0, 1.0)]
    public double PurchaseProbability { get; set; }

    public int Seed { get; set; } = 42;

    /// <summary>Session start times are spread uniformly over this many days (default 30).</summary>
    [Range(1e-6, 36_500.0)]
    public double Days { get; set; } = 30;

    /// <summary>Mean seconds between a session's events, exponentially distributed (default 60).</summary>
    [Range(0.0, 86_400.0)]
    public double MeanSecondsBetweenEvents { get; set; } = 60;

    /// <summary>Unix seconds of the first possible session start (default 2024-01-01T00:00:00Z).</summary>
    public double StartTime { get; set; } = 1_704_067_200;

    /// <exception cref="ValidationException">An option is out of range.</exception>
    public void Validate() => Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
}
