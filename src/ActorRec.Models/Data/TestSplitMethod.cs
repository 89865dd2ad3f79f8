namespace ActorRec.Models.Data;

/// <summary>How a log without a fixed test log is split into training and test sessions.</summary>
public enum TestSplitMethod
{
    /// <summary>Sessions in the last <see cref="PreprocessOptions.TestDays"/> days are the test set, as GRU4Rec's preprocessing does.</summary>
    Time,

    /// <summary>A seeded random <see cref="PreprocessOptions.TestFraction"/> of the sessions is the test set, whatever their time.</summary>
    Sessions,
}
