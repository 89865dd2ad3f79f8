using ActorRec.Models.Baselines;
using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Gru4Rec;
using ActorRec.Testing;
using ActorRec.Testing.Ranking;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Models.Tests.EndToEnd;

/// <summary>Short GRU4Rec runs on the real yoochoose-100k sample (skipped when the shared data folder is absent).</summary>
public sealed class RealDataTests
{
    private static readonly Lazy<PreparedData> Yoochoose = new(() =>
        new Preprocessor().Prepare(DataSets.Load(SharedData.RequireDataSet("yoochoose-100k"))));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_short_GRU4Rec_run_beats_most_popular_and_batched_evaluation_matches_one_session_at_a_time()
    {
        _ = SharedData.RequireDataSet("yoochoose-100k");
        var data = Yoochoose.Value;
        var options = Gru4RecOptions.Rsc15CrossEntropy with { Epochs = 2 };

        using var model = new Gru4RecTrainer(options).Train(data.Train, cancellationToken: Ct);
        var batched = new Evaluator(new EvaluationOptions { RecordRanks = true }).Evaluate(model, data.Test, Ct);
        var popular = new Evaluator().Evaluate(new MostPopularScorer(data.Train), data.Test, Ct);

        Assert.True(batched.At(20).Recall > popular.At(20).Recall, $"Recall@20 {batched.At(20).Recall:F4} <= most-popular {popular.At(20).Recall:F4}");
        Assert.True(batched.At(20).Mrr > popular.At(20).Mrr, $"MRR@20 {batched.At(20).Mrr:F4} <= most-popular {popular.At(20).Mrr:F4}");
        AssertRanksWithinTies(model, data.Test, batched.Ranks!);
    }

    /// <summary>
    /// BLAS kernels sum in a different order for a 1-row and a 512-row matrix product, so items whose scores tie to
    /// rounding may rank either way. Each batched rank must lie within the bounds that one session at a time, stepped
    /// directly, allows for its target; anything else (a wrong reset, a slot mix-up) moves ranks far. The evaluator's
    /// own slot logic is checked for exact identity with deterministic scorers in the Evaluation tests.
    /// </summary>
    private static void AssertRanksWithinTies(Gru4RecModel model, SessionDataset test, int[] ranks)
    {
        Assert.Equal(test.EventCount, ranks.Length);
        using var noGrad = no_grad();
        var bounds = new MetricBounds(k: 20);
        for (var s = 0; s < test.SessionCount; s++)
        {
            using var scope = NewDisposeScope();
            var hidden = model.Network.NewHidden(1, CPU);
            var items = test.SessionItems(s);
            for (var p = 0; p + 1 < items.Length; p++)
            {
                var scores = model.Step(tensor(new long[] { items[p] }), hidden)[0].data<float>().ToArray();
                var rankBounds = RankBounds.Of(scores, items[p + 1], ScoreTolerance.Recurrent);
                var rank = ranks[test.SessionOffsets[s] + p + 1];
                Assert.True(rankBounds.Best <= rank && rank <= rankBounds.Worst, $"session {s} target {p + 1}: batched rank {rank}, its scores allow {rankBounds}");
                bounds.Add(rankBounds);
            }
        }

        // Deep in the catalogue many scores tie within the tolerance; at the top, where HitRate and MRR are decided, few do.
        Assert.True(bounds.Ambiguous * 20 <= bounds.Targets, $"more than 5% of the targets tie at their rank within the top {bounds.K}, so the comparison says little: {bounds}");
    }
}
