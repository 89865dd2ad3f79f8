namespace ActorRec.Models.Data;

/// <summary>What preprocessing read and removed, step by step.</summary>
/// <param name="Read">The size of each log as read, by source.</param>
/// <param name="MalformedRows">Rows that could not be read, by source (zero entries included).</param>
/// <param name="Steps">The steps in the order they ran.</param>
public sealed record PreprocessStatistics(
    IReadOnlyDictionary<string, DataCounts> Read,
    IReadOnlyDictionary<string, int> MalformedRows,
    IReadOnlyList<PreprocessStep> Steps);
