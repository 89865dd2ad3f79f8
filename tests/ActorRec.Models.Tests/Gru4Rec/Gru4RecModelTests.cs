using ActorRec.Models.Baselines;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Training;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Models.Tests.Gru4Rec;

public sealed class Gru4RecModelTests : IDisposable
{
    private static readonly Gru4RecOptions Small = new()
    {
        Layers = [16],
        BatchSize = 8,
        NSample = 16,
        Epochs = 2,
        LearningRate = 0.1,
        Momentum = 0.1,
        DropoutPHidden = 0.2,
        LogQ = 1.0,
        Seed = 7,
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _directory = Directory.CreateTempSubdirectory("actorrec-gru4rec-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(Gru4RecLoss.CrossEntropy, true)]
    [InlineData(Gru4RecLoss.BprMax, true)]
    [InlineData(Gru4RecLoss.CrossEntropy, false)]
    public void Training_with_the_same_seed_is_deterministic(Gru4RecLoss loss, bool constrained)
    {
        var data = SyntheticData.Prepared();
        var options = Small with { Loss = loss, ConstrainedEmbedding = constrained, Embedding = constrained ? 0 : 12, EluParam = loss == Gru4RecLoss.BprMax ? 1 : 0 };

        using var first = new Gru4RecTrainer(options).Train(data.Train, cancellationToken: Ct);
        using var second = new Gru4RecTrainer(options).Train(data.Train, cancellationToken: Ct);
        using var other = new Gru4RecTrainer(options with { Seed = 8 }).Train(data.Train, cancellationToken: Ct);

        Assert.True(first.Network.OutputWeights.eq(second.Network.OutputWeights).all().item<bool>(), "same seed, different weights");
        Assert.False(first.Network.OutputWeights.eq(other.Network.OutputWeights).all().item<bool>(), "different seeds, same weights");
    }

    [Fact]
    public void Training_lowers_the_loss_and_learns_the_transitions()
    {
        var data = SyntheticData.Prepared();
        var losses = new List<double>();

        using var model = new Gru4RecTrainer(Small with { Epochs = 4 }).Train(data.Train, onEpoch: (e, _) => losses.Add(e.MeanLoss), cancellationToken: Ct);
        var report = new Evaluator().Evaluate(model, data.Test, Ct);
        var popular = new Evaluator().Evaluate(new MostPopularScorer(data.Train), data.Test, Ct);

        Assert.True(losses[^1] < losses[0], $"loss went from {losses[0]} to {losses[^1]}");
        Assert.True(report.At(20).Recall > popular.At(20).Recall, $"GRU4Rec Recall@20 {report.At(20).Recall} <= most-popular {popular.At(20).Recall}");
    }

    [Fact]
    public void A_batch_cap_ends_every_epoch_after_that_many_minibatches_and_is_kept_in_the_checkpoint()
    {
        var data = SyntheticData.Prepared();
        const int Cap = 5;
        var steps = new SessionParallelIterator(data.Train, Small.BatchSize).Steps().Select(s => (long)s.Count).ToList();
        Assert.True(steps.Count > Cap, $"the data has only {steps.Count} minibatches");
        var epochs = new List<EpochResult>();

        using var model = new Gru4RecTrainer(Small with { MaxBatchesPerEpoch = Cap }).Train(data.Train, onEpoch: (e, _) => epochs.Add(e), cancellationToken: Ct);
        var directory = Path.Combine(_directory, "capped");
        var dataInfo = new DataInfo(data.Fingerprint(), "synthetic", data.Train.EventCount, data.Train.SessionCount, data.Test.EventCount, data.Test.SessionCount);
        Checkpoint.Save(directory, model, dataInfo, [], new Dictionary<string, double>(), null);
        var (loaded, _) = Gru4RecCheckpoint.Load(directory);
        using (loaded)
        {
            Assert.Equal(Cap, loaded.Options.MaxBatchesPerEpoch);
        }

        // The targets of exactly the first Cap minibatches, in both epochs.
        Assert.Equal([steps.Take(Cap).Sum(), steps.Take(Cap).Sum()], epochs.Select(e => e.Targets));
        Assert.Contains("\"max_batches\": 5", File.ReadAllText(Path.Combine(directory, Checkpoint.ManifestFile)), StringComparison.Ordinal);
    }

    [Fact]
    public void Incremental_steps_give_the_scores_of_the_batched_scorer()
    {
        var data = SyntheticData.Prepared();
        using var model = new Gru4RecTrainer(Small with { Epochs = 1 }).Train(data.Train, cancellationToken: Ct);
        var session = data.Test.SessionItems(0).ToArray();

        using var noGrad = no_grad();
        using var batch = model.StartBatch(3);
        var hidden = model.Network.NewHidden(1, CPU);
        for (var p = 0; p < session.Length; p++)
        {
            using var scope = NewDisposeScope();
            var single = model.Step(tensor(new long[] { session[p] }), hidden);
            var batched = batch.Step(tensor(new long[] { session[p], 1, 2 }), tensor(new[] { p == 0, true, true }));
            Assert.True(single[0].allclose(batched[0], rtol: 0, atol: 1e-5), $"scores differ at position {p}");
            for (var i = 0; i < hidden.Length; i++)
            {
                hidden[i] = hidden[i].MoveToOuterDisposeScope();
            }
        }
    }

    [Fact]
    public void A_checkpoint_reloads_to_identical_scores_and_metrics()
    {
        var data = SyntheticData.Prepared();
        using var model = new Gru4RecTrainer(Small with { Epochs = 1 }).Train(data.Train, cancellationToken: Ct);
        var evaluator = new Evaluator(new EvaluationOptions { RecordRanks = true });
        var before = evaluator.Evaluate(model, data.Test, Ct);
        var directory = Path.Combine(_directory, "checkpoint");
        var dataInfo = new DataInfo(data.Fingerprint(), "synthetic", data.Train.EventCount, data.Train.SessionCount, data.Test.EventCount, data.Test.SessionCount);
        var metrics = new Dictionary<string, double> { ["recall@20"] = before.At(20).Recall, ["mrr@20"] = before.At(20).Mrr };

        var saved = Checkpoint.Save(directory, model, dataInfo, [new EpochRecord(1, 1.0, 1.0, 1.0, null, null)], metrics, null);
        var (loaded, manifest) = Gru4RecCheckpoint.Load(directory);
        using (loaded)
        {
            var after = evaluator.Evaluate(loaded, data.Test, Ct);

            Assert.Equal(saved.VersionId, manifest.VersionId);
            Assert.Equal(model.Options, loaded.Options with { Layers = model.Options.Layers });
            Assert.Equal(model.Options.Layers, loaded.Options.Layers);
            Assert.Equal(model.Vocabulary.Ids, loaded.Vocabulary.Ids);
            Assert.Equal(before.Ranks, after.Ranks);
            Assert.Equal(manifest.Metrics["recall@20"], after.At(20).Recall);
            Assert.Equal(manifest.Metrics["mrr@20"], after.At(20).Mrr);
        }
    }

    [Fact]
    public void A_tampered_checkpoint_is_refused()
    {
        var data = SyntheticData.Prepared();
        using var model = new Gru4RecTrainer(Small with { Epochs = 1 }).Train(data.Train, cancellationToken: Ct);
        var directory = Path.Combine(_directory, "tampered");
        Checkpoint.Save(directory, model, new DataInfo("x", "synthetic", 0, 0, 0, 0), [], new Dictionary<string, double>(), null);
        File.AppendAllText(Path.Combine(directory, Checkpoint.VocabularyFile), " ");

        var error = Assert.Throws<DataFileException>(() => Gru4RecCheckpoint.Load(directory));

        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }
}
