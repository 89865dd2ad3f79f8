namespace ActorRec.Models.Evaluation;

/// <summary>Beyond-accuracy metrics of one run's top-k lists at one cutoff k.</summary>
/// <param name="K">The cutoff: only the first k items of every list count.</param>
/// <param name="Lists">Number of top-k lists measured (one per target of the test set).</param>
/// <param name="Coverage">Share of the catalog that appears in any top-k list; equals the evaluator's Coverage@k.</param>
/// <param name="LongTailCoverage">Share of the long-tail items (see <see cref="LongTailThreshold"/>) that appear in any top-k list; 0 when there are none.</param>
/// <param name="Novelty">Mean self-information -log2(support / training events) over every recommended item, zero support counted as 1.</param>
/// <param name="LongTailShare">Share of all recommended items that are long-tail items.</param>
/// <param name="Diversity">Mean over lists of the mean pairwise cosine distance of the list's item vectors; null without embeddings.</param>
/// <param name="CategoryDiversity">Mean over lists of distinct categories / k; null without categories.</param>
/// <param name="Repetitiveness">Mean number of items per list that already occurred in the session up to and including the input item.</param>
/// <param name="LongTailThreshold">Items whose training support is strictly below this value form the long tail.</param>
/// <param name="LongTailItems">Number of catalog items in the long tail.</param>
public sealed record BeyondAccuracyReport(
    int K,
    long Lists,
    double Coverage,
    double LongTailCoverage,
    double Novelty,
    double LongTailShare,
    double? Diversity,
    double? CategoryDiversity,
    double Repetitiveness,
    long LongTailThreshold,
    int LongTailItems);
