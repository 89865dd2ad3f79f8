using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using Xunit;

namespace ActorRec.Models.Tests.Evaluation;

public sealed class EvaluatorParityTests
{
    private const int ItemCount = 30;

    // More scored sessions than 512, so the widest run really has 512 sessions in flight.
    private static readonly SessionDataset Test = TestSessions.Random(seed: 7, sessionCount: 1500, ItemCount, maxLength: 10, ["click", "cart", "buy"]);

    // Batch sizes of 1, 7 and 512 slots, with ranks counted in one chunk or in chunks that leave a partial one.
    [Theory]
    [InlineData(RankingRule.Standard)]
    [InlineData(RankingRule.Conservative)]
    public void Evaluate_AnyBatchSize_GivesTheReferenceRanksElementByElement(RankingRule rule)
    {
        // Arrange
        var expected = ReferenceRanks(Test, rule);
        var reports = new List<EvaluationReport>();

        // Act
        foreach (var (batchSize, chunkRows) in new[] { (1, 1), (7, 3), (512, 512), (512, 5) })
        {
            var options = new EvaluationOptions
            {
                BatchSize = batchSize,
                RankingRule = rule,
                RecordRanks = true,
                CompareChunkElements = chunkRows * ItemCount,
            };
            reports.Add(new Evaluator(options).Evaluate(new LastTwoItemsScorer(ItemCount), Test, TestContext.Current.CancellationToken));
        }

        // Assert
        Assert.True(Enumerable.Range(0, Test.SessionCount).Count(s => Test.SessionLength(s) >= 2) > 512);
        Assert.All(reports, report => Assert.Equal(expected, report.Ranks!));
        Assert.All(reports, report => Assert.Equal(
            reports[0].Metrics.Select(m => (m.Recall, m.Mrr, m.Ndcg)),
            report.Metrics.Select(m => (m.Recall, m.Mrr, m.Ndcg))));
        Assert.All(reports, report => Assert.Equal(
            reports[0].ByEventType.SelectMany(t => t.Metrics),
            report.ByEventType.SelectMany(t => t.Metrics)));
    }

    // Walks every session on the host with the same scoring function, no batching and no torch.
    private static int[] ReferenceRanks(SessionDataset test, RankingRule rule)
    {
        var ranks = new int[test.EventCount];
        for (var session = 0; session < test.SessionCount; session++)
        {
            var start = test.SessionOffsets[session];
            var items = test.SessionItems(session);
            long previous = -1;
            for (var i = 0; i + 1 < items.Length; i++)
            {
                var targetScore = LastTwoItemsScorer.Score(previous, items[i], items[i + 1]);
                var higher = 0;
                var atLeast = 0;
                for (var item = 0; item < ItemCount; item++)
                {
                    var score = LastTwoItemsScorer.Score(previous, items[i], item);
                    higher += score > targetScore ? 1 : 0;
                    atLeast += score >= targetScore ? 1 : 0;
                }

                ranks[start + i + 1] = rule == RankingRule.Standard ? higher + 1 : atLeast;
                previous = items[i];
            }
        }

        return ranks;
    }
}
