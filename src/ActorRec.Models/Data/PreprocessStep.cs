namespace ActorRec.Models.Data;

/// <summary>One step of preprocessing and what it did to one side of the split.</summary>
/// <param name="Split">"train" or "test".</param>
/// <param name="Name">What the step did, e.g. "item support >= 5 (round 1)".</param>
/// <param name="Before">The side's size before the step.</param>
/// <param name="After">The side's size after the step.</param>
public sealed record PreprocessStep(string Split, string Name, DataCounts Before, DataCounts After)
{
    public override string ToString() => $"{Split}: {Name}: {Before} -> {After}";
}
