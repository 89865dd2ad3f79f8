using ActorRec.Models.Baselines;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Reinforcement;
using ActorRec.Models.Sessions;
using ActorRec.Testing;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Models.Tests.Reinforcement;

/// <summary>Short SQN and SMORL runs on the real JData sample (browse = click, order = purchase).</summary>
public sealed class QLearningTrainerTests : IDisposable
{
    private static readonly Lazy<PreparedData> JData = new(() =>
        new Preprocessor(new PreprocessOptions { MinItemSupport = 1 }).Prepare(DataSets.Load(SharedData.RequireDataSet("jdata"))));

    private static readonly Gru4RecOptions Short = Gru4RecOptions.QLearningGru with { Epochs = 3, Seed = 5 };

    private readonly string _directory = Directory.CreateTempSubdirectory("actorrec-sqn-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Sqn_learns_beats_most_popular_and_reloads_with_both_heads_intact()
    {
        _ = SharedData.RequireDataSet("jdata");
        var data = JData.Value;
        var losses = new List<double>();

        using var model = new QLearningTrainer(Short, QLearningOptions.Sqn).Train(data.Train, onEpoch: (e, _) => losses.Add(e.MeanLoss), cancellationToken: Ct);
        var report = new Evaluator().Evaluate(model, data.Test, Ct);
        var popular = new Evaluator().Evaluate(new MostPopularScorer(data.Train), data.Test, Ct);

        Assert.Equal("sqn", model.Kind);
        Assert.True(losses[^1] < losses[0], $"loss went from {losses[0]} to {losses[^1]}");
        Assert.True(report.At(20).Recall > popular.At(20).Recall, $"SQN Recall@20 {report.At(20).Recall:F4} <= most-popular {popular.At(20).Recall:F4}");
        Assert.Contains(report.ByEventType, m => m.EventType == EventTypes.Purchase && m.Targets > 0);

        Checkpoint.Save(_directory, model, new DataInfo("test", "jdata", 0, 0, 0, 0), [], new Dictionary<string, double>(), evaluation: null);
        var (loaded, manifest) = Gru4RecCheckpoint.Load(_directory);
        using (loaded)
        {
            Assert.Equal("sqn", manifest.ModelKind);
            Assert.StartsWith("sqn-", manifest.VersionId, StringComparison.Ordinal);
            Assert.Equal(QLearningOptions.Sqn.Rewards, Assert.IsType<QLearningOptions>(loaded.QLearning).Rewards);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var items = tensor(new long[] { 0, 5, 17 });
            foreach (var head in new[] { ServingHead.Supervised, ServingHead.Q })
            {
                model.ServingHead = loaded.ServingHead = head;
                var expected = model.Step(items, model.Network.NewHidden(3, CPU));
                var actual = loaded.Step(items, loaded.Network.NewHidden(3, CPU));
                Assert.True(expected.eq(actual).all().item<bool>(), $"{head} scores differ after reloading");
            }
        }
    }

    [Fact]
    public void Smorl_needs_a_diversity_embedding_and_trains_with_one()
    {
        _ = SharedData.RequireDataSet("jdata");
        var data = JData.Value;
        var trainer = new QLearningTrainer(Short with { Epochs = 1 }, QLearningOptions.Smorl);

        var missing = Assert.Throws<ArgumentException>(() => trainer.Train(data.Train, cancellationToken: Ct));
        Assert.Contains("diversity", missing.Message, StringComparison.Ordinal);

        using var reference = Gru4RecModel.Create(data.Vocabulary, Short, CPU);
        using var embedding = ItemVectors.Aligned(reference, data.Vocabulary).ToTensor();
        using var model = trainer.Train(data.Train, embedding, cancellationToken: Ct);
        model.ServingHead = ServingHead.Q;
        var report = new Evaluator().Evaluate(model, data.Test, Ct);

        Assert.Equal("smorl", model.Kind);
        Assert.Equal(3, model.Network.QHeads.Count);
        Assert.InRange(report.At(20).Recall, 0, 1);

        // Every head learned: each differs from the same seed's untrained weights.
        using var untrained = Gru4RecModel.Create(data.Vocabulary, Short with { Epochs = 1 }, CPU, QLearningOptions.Smorl);
        for (var k = 0; k < 3; k++)
        {
            Assert.False(model.Network.QHeads[k].Weight.eq(untrained.Network.QHeads[k].Weight).all().item<bool>(), $"Q head {k} was not trained");
        }
    }
}
