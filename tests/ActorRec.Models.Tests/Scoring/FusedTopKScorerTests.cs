using ActorRec.Models.Scoring;
using ActorRec.Models.Tests.Fuzzing;
using ActorRec.Testing.Ranking;
using FsCheck;
using FsCheck.Fluent;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Models.Tests.Scoring;

/// <summary>
/// The fused scorer against the torch path (addmm, excluded items set to -inf, topk) over random tables whose sizes are
/// not multiples of the panel or vector width, with exclusions and exact ties, for batches of 1, 3 and 32 rows.
/// </summary>
public sealed class FusedTopKScorerTests
{
    private const int Cases = 150;

    // Held for the process: a Scalar made at the call may be finalized while libtorch still reads it.
    private static readonly Scalar MinusInfinity = float.NegativeInfinity.ToScalar();

    private static readonly Arbitrary<ScoringCase> RandomCases = (
        from seed in Gen.Choose(0, int.MaxValue - 3)
        from items in Gen.OneOf(Gen.Choose(1, 40), Gen.Choose(41, 700))
        from dimension in Gen.OneOf(Gen.Choose(1, 20), Gen.Elements(31, 64, 100, 130))
        from rows in Gen.Elements(1, 3, 32)
        from k in Gen.Choose(1, Math.Min(100, items))
        from coarse in Gen.Elements(false, true)
        from threads in Gen.Choose(1, 3)
        select new ScoringCase(seed, items, dimension, rows, k, coarse, threads)).ToArbitrary();

    [Fact]
    public void Float32_gives_the_torch_top_k_up_to_near_ties() =>
        FuzzArbitraries.Check(Prop.ForAll(RandomCases, c => AssertSameAsTorch(c, Scorer(c, ScorerPrecision.Float32).TopK(c.Queries, c.K, c.Exclude))), Cases);

    [Fact]
    public void Results_do_not_depend_on_the_batch_or_the_thread_count() =>
        FuzzArbitraries.Check(Prop.ForAll(RandomCases, c =>
        {
            var batched = Scorer(c, ScorerPrecision.Float32).TopK(c.Queries, c.K, c.Exclude);
            var alone = Scorer(c with { Threads = 1 }, ScorerPrecision.Float32);
            for (var row = 0; row < c.Rows; row++)
            {
                var single = alone.TopK(c.Queries.AsSpan(row * c.Dimension, c.Dimension), c.K, [c.Exclude[row]])[0];
                Assert.Equal(single.Items, batched[row].Items);
                Assert.Equal(single.Scores, batched[row].Scores);
            }
        }), Cases / 3);

    [Fact]
    public void BFloat16_with_every_item_a_candidate_gives_the_torch_top_k() =>
        FuzzArbitraries.Check(Prop.ForAll(RandomCases, c =>
        {
            var scorer = Scorer(c, ScorerPrecision.BFloat16, minCandidates: c.Items);
            AssertSameAsTorch(c, scorer.TopK(c.Queries, c.K, c.Exclude));
        }), Cases / 3);

    [Fact]
    public void BFloat16_with_few_candidates_returns_distinct_allowed_items_with_exact_scores_best_first() =>
        FuzzArbitraries.Check(Prop.ForAll(RandomCases, c =>
        {
            var result = Scorer(c, ScorerPrecision.BFloat16, minCandidates: 1, candidatesPerK: 2).TopK(c.Queries, c.K, c.Exclude);
            var expected = TorchTopK(c);
            for (var row = 0; row < c.Rows; row++)
            {
                var got = result[row];
                Assert.Equal(expected[row].Count, got.Items.Length);
                Assert.Equal(got.Items.Length, got.Items.Distinct().Count());
                Assert.DoesNotContain(got.Items, item => c.Exclude[row]?.Contains(item) == true);
                for (var i = 0; i < got.Items.Length; i++)
                {
                    var exact = ExactScore(c, row, got.Items[i]);
                    Assert.True(ScoringTolerance.Product.Same(exact, got.Scores[i]), $"{c}: row {row} item {got.Items[i]} scores {got.Scores[i]:G9}, exactly {exact:G9}");
                    Assert.True(i == 0 || got.Scores[i - 1] >= got.Scores[i], $"{c}: row {row} is not best first at {i}");
                }
            }
        }), Cases / 3);

    [Fact]
    public void Target_ranks_count_the_items_scoring_above_or_at_the_target_as_torch_scores_them() =>
        FuzzArbitraries.Check(Prop.ForAll(RandomCases, Gen.Elements(false, true).ToArbitrary(), (c, countTies) =>
        {
            var targets = Enumerable.Range(0, c.Rows).Select(row => (row * 7919) % c.Items).ToArray();
            var outranking = new long[c.Rows];
            var top = Scorer(c, ScorerPrecision.Float32).TopKWithTargetRanks(c.Queries, c.K, targets, countTies, outranking);
            var scores = TorchScores(c);
            var expected = TorchTopK(c, exclude: false);
            for (var row = 0; row < c.Rows; row++)
            {
                var rowScores = scores.AsSpan(row * c.Items, c.Items);
                var bounds = RankBounds.Of(rowScores, targets[row], ScoringTolerance.Product);
                var rank = countTies ? outranking[row] : outranking[row] + 1;
                if (c.Coarse)
                {
                    // Products of multiples of 1/8 are exact: every computation gets the same scores and the same counts.
                    var target = rowScores[targets[row]];
                    var exact = countTies ? rowScores.ToArray().Count(s => s >= target) : 1 + rowScores.ToArray().Count(s => s > target);
                    Assert.True(exact == rank, $"{c}: row {row} target {targets[row]} ranks {rank}, exactly {exact}");
                }

                Assert.True(bounds.Best <= rank && rank <= bounds.Worst, $"{c}: row {row} target {targets[row]} ranks {rank}, the scores allow {bounds}");
                TopKComparison.AssertSame(expected[row], new RankedList<int>(top[row].Items, top[row].Scores), ScoringTolerance.Product, $"{c}, row {row}");
            }
        }), Cases / 3);

    [Fact]
    public void Equal_scores_are_ranked_by_the_lower_index()
    {
        var table = new ItemTable(new float[70], [.. Enumerable.Repeat(0.5f, 70)], dimension: 1);

        var top = new FusedTopKScorer(table, new FusedScorerOptions { Threads = 2, MinItemsPerThread = 32 }).TopK([1f], 5, [[1, 3]]);

        Assert.Equal([0, 2, 4, 5, 6], top[0].Items);
        Assert.All(top[0].Scores, s => Assert.Equal(0.5f, s));
    }

    [Fact]
    public void Bad_arguments_name_what_is_wrong()
    {
        var scorer = new FusedTopKScorer(new ItemTable(new float[30], new float[10], dimension: 3));

        Assert.Throws<ArgumentException>(() => scorer.TopK(new float[4], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.TopK(new float[3], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.TopK(new float[3], 11));
        Assert.Throws<ArgumentException>(() => scorer.TopK(new float[6], 1, [null]));
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => scorer.TopK(new float[3], 1, [[10]]));
        Assert.Contains("row 0", outside.Message, StringComparison.Ordinal);
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(
            () => new FusedTopKScorer(new ItemTable(new float[3], new float[1], dimension: 3), new FusedScorerOptions { Threads = 0 }));
    }

    private static FusedTopKScorer Scorer(ScoringCase c, ScorerPrecision precision, int minCandidates = 512, int candidatesPerK = 8) =>
        new(c.Table, new FusedScorerOptions
        {
            Threads = c.Threads,
            Precision = precision,
            MinCandidates = minCandidates,
            CandidatesPerK = candidatesPerK,

            // Small blocks and slices, so that these small tables cross block and slice boundaries.
            BlockBytes = 4096,
            MinItemsPerThread = 64,
        });

    private static void AssertSameAsTorch(ScoringCase c, RankedItems[] actual)
    {
        var expected = TorchTopK(c);
        Assert.Equal(c.Rows, actual.Length);
        for (var row = 0; row < c.Rows; row++)
        {
            TopKComparison.AssertSame(expected[row], new RankedList<int>(actual[row].Items, actual[row].Scores), ScoringTolerance.Product, $"{c}, row {row}");
        }
    }

    private static float[] TorchScores(ScoringCase c)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return TorchProduct(c).data<float>().ToArray();
    }

    private static Tensor TorchProduct(ScoringCase c) =>
        addmm(tensor(c.Table.Bias).view(1, c.Items), tensor(c.Queries).view(c.Rows, c.Dimension), tensor(c.Table.Weights).view(c.Items, c.Dimension).t(), 1, 1);

    // The serving path's arithmetic: one addmm, excluded items set to -inf, topk, and the -inf tail dropped.
    private static RankedList<int>[] TorchTopK(ScoringCase c, bool exclude = true)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var scores = TorchProduct(c);
        for (var row = 0; row < c.Rows && exclude; row++)
        {
            if (c.Exclude[row] is { Length: > 0 } excluded)
            {
                scores[row].index_fill_(0, tensor(excluded.Select(i => (long)i).ToArray()), MinusInfinity);
            }
        }

        var (values, indices) = scores.topk(c.K, dim: 1);
        var topScores = values.data<float>().ToArray();
        var topItems = indices.data<long>().ToArray();
        var lists = new RankedList<int>[c.Rows];
        for (var row = 0; row < c.Rows; row++)
        {
            var count = c.K;
            while (count > 0 && float.IsNegativeInfinity(topScores[(row * c.K) + count - 1]))
            {
                count--;
            }

            lists[row] = new RankedList<int>(
                [.. topItems.AsSpan(row * c.K, count).ToArray().Select(i => (int)i)], topScores.AsSpan(row * c.K, count).ToArray());
        }

        return lists;
    }

    private static float ExactScore(ScoringCase c, int row, int item)
    {
        double sum = c.Table.Bias[item];
        for (var j = 0; j < c.Dimension; j++)
        {
            sum += (double)c.Queries[(row * c.Dimension) + j] * c.Table.Weights[(item * c.Dimension) + j];
        }

        return (float)sum;
    }
}
