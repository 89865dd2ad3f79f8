namespace ActorRec.Models.Evaluation;

/// <summary>
/// Counts of targets by rank up to the largest cutoff. Every rank metric at k is a function of these counts, so summing
/// them in rank order gives results that do not depend on the order targets arrived in (batch size, slot assignment).
/// </summary>
internal sealed class RankHistogram(int maxCutoff)
{
    // Index = rank; index 0 is unused because ranks start at 1.
    private readonly long[] _counts = new long[maxCutoff + 1];

    public long Targets { get; private set; }

    public void Add(long rank)
    {
        Targets++;
        if (rank <= maxCutoff)
        {
            _counts[rank]++;
        }
    }

    public void Add(RankHistogram other)
    {
        Targets += other.Targets;
        for (var rank = 1; rank <= maxCutoff; rank++)
        {
            _counts[rank] += other._counts[rank];
        }
    }

    /// <param name="cutoffs">Ascending, distinct, each at most the largest cutoff.</param>
    /// <param name="coverage">Coverage per cutoff, or null where it is not measured.</param>
    public MetricsAtK[] Metrics(IReadOnlyList<int> cutoffs, IReadOnlyList<double>? coverage)
    {
        var metrics = new MetricsAtK[cutoffs.Count];
        long hits = 0;
        double reciprocalRanks = 0, gains = 0;
        var next = 0;
        for (var rank = 1; rank <= maxCutoff && next < cutoffs.Count; rank++)
        {
            var count = _counts[rank];
            hits += count;
            reciprocalRanks += count / (double)rank;
            gains += count / Math.Log2(rank + 1);
            if (rank == cutoffs[next])
            {
                metrics[next] = new MetricsAtK(rank, Mean(hits), Mean(reciprocalRanks), Mean(gains), coverage?[next]);
                next++;
            }
        }

        return metrics;
    }

    // An event type without targets reports zeros rather than NaN, so result tables stay numeric.
    private double Mean(double sum) => Targets == 0 ? 0 : sum / Targets;
}
