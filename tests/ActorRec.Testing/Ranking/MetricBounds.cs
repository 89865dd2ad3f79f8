using Xunit;

namespace ActorRec.Testing.Ranking;

/// <summary>
/// HitRate@k and MRR@k over targets whose ranks are only known within <see cref="RankBounds"/>: a target tied with
/// the k-th score may count as a hit on one machine and a miss on another, so two evaluations of one model agree
/// within the range these bounds give, and the range is as wide as the ties make it, no wider.
/// </summary>
public sealed class MetricBounds(int k)
{
    private const double Slack = 1e-9;

    private long _targets;
    private long _surelyHit;
    private long _maybeHit;
    private double _reciprocalRanksLow;
    private double _reciprocalRanksHigh;

    public int K { get; } = k;

    public long Targets => _targets;

    /// <summary>Targets whose reciprocal rank at <see cref="K"/> is not fixed by their scores.</summary>
    public long Ambiguous { get; private set; }

    /// <summary>Targets that may count as a hit or a miss: tied with the k-th score.</summary>
    public long AtTheEdge => _maybeHit - _surelyHit;

    public (double Low, double High) HitRate => (Ratio(_surelyHit), Ratio(_maybeHit));

    public (double Low, double High) Mrr => (_targets == 0 ? 0 : _reciprocalRanksLow / _targets, _targets == 0 ? 0 : _reciprocalRanksHigh / _targets);

    public void Add(RankBounds bounds)
    {
        _targets++;
        var high = bounds.Best <= K ? 1.0 / bounds.Best : 0;
        var low = bounds.Worst <= K ? 1.0 / bounds.Worst : 0;
        _maybeHit += bounds.Best <= K ? 1 : 0;
        _surelyHit += bounds.Worst <= K ? 1 : 0;
        _reciprocalRanksHigh += high;
        _reciprocalRanksLow += low;
        Ambiguous += high != low ? 1 : 0;
    }

    /// <summary>Fails unless <paramref name="hitRate"/> and <paramref name="mrr"/> lie within the bounds.</summary>
    public void AssertContains(double hitRate, double mrr, string what)
    {
        var (hitLow, hitHigh) = HitRate;
        var (mrrLow, mrrHigh) = Mrr;
        Assert.True(
            hitRate >= hitLow - Slack && hitRate <= hitHigh + Slack,
            $"{what}: HitRate@{K} {hitRate:F6}, the scores allow {hitLow:F6}..{hitHigh:F6} ({AtTheEdge} of {Targets} targets tie with the k-th score)");
        Assert.True(
            mrr >= mrrLow - Slack && mrr <= mrrHigh + Slack,
            $"{what}: MRR@{K} {mrr:F6}, the scores allow {mrrLow:F6}..{mrrHigh:F6} ({Ambiguous} of {Targets} targets have a tied rank)");
    }

    public override string ToString() =>
        $"HitRate@{K} {HitRate.Low:F6}..{HitRate.High:F6}, MRR@{K} {Mrr.Low:F6}..{Mrr.High:F6}, {Ambiguous} of {Targets} targets with a tied rank";

    private double Ratio(long count) => _targets == 0 ? 0 : (double)count / _targets;
}
