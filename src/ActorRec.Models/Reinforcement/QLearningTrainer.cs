using System.Diagnostics;
using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorRec.Models.Reinforcement;

/// <summary>
/// Trains SQN and SMORL: a GRU over whole sessions with a supervised cross-entropy head and Q heads learned by double
/// Q-learning. Two full networks with their own Adam optimizers; each minibatch trains one of them, picked at random,
/// and the other supplies the bootstrap value:
/// target_k = r_k + gamma * Q_other,k(s')[argmax_a sum_j w_j Q_main,j(s', a)], without bootstrap at a session's end;
/// loss = cross-entropy + td_weight * sum_k mean((Q_main,k(s, a) - target_k)^2). The first network is the trained model.
/// </summary>
/// <remarks>
/// States are the GRU's hidden states over the session prefix (one unroll per minibatch, every step's state used), so the
/// state a served session reaches click by click is the state the heads were trained on. s' is the state after the
/// action's own step, i.e. the next row of the same unroll.
/// </remarks>
public sealed class QLearningTrainer(Gru4RecOptions options, QLearningOptions qLearning, Device? device = null)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How many batches' worth of sessions are sorted by length together, trading padding for shuffling.</summary>
    private const int LengthPoolBatches = 16;

    private readonly Device _device = device ?? CPU;

    /// <summary>
    /// Trains a new model on <paramref name="train"/>. <paramref name="diversityEmbedding"/> ([items, dim] in the
    /// training vocabulary's order, e.g. a trained GRU4Rec's item embedding) is required by the diversity objective and
    /// stays frozen.
    /// </summary>
    public Gru4RecModel Train(
        SessionDataset train,
        Tensor? diversityEmbedding = null,
        IProgress<TrainingProgress>? progress = null,
        Action<EpochResult, Gru4RecModel>? onEpoch = null,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        qLearning.Validate();
        if (qLearning.Objectives.Contains(QObjective.Diversity))
        {
            if (diversityEmbedding is null)
            {
                throw new ArgumentException(
                    "The diversity objective needs a frozen item embedding (for example a trained GRU4Rec checkpoint's).", nameof(diversityEmbedding));
            }

            if (diversityEmbedding.shape[0] != train.ItemCount)
            {
                throw new ArgumentException(
                    $"The diversity embedding has {diversityEmbedding.shape[0]} rows, the training data {train.ItemCount} items.", nameof(diversityEmbedding));
            }
        }

        var primary = Gru4RecModel.Create(train.Vocabulary, options, _device, qLearning);
        primary.Name = qLearning.Kind.ToUpperInvariant();
        try
        {
            // The twin starts from other weights: two identical networks would make double Q-learning single.
            using var twin = Gru4RecModel.Create(train.Vocabulary, options, _device, qLearning, seed: options.Seed + 7919);
            using var run = new TrainingRun(primary, twin, train, diversityEmbedding, options, qLearning, _device);
            EpochLoop.Run(options.Epochs, epoch => run.Epoch(epoch, options.Epochs, progress, cancellationToken), onEpoch is null ? null : result => onEpoch(result, primary));

            primary.Network.eval();
            return primary;
        }
        catch
        {
            primary.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs more epochs on a trained SQN / SMORL model (fresh optimizer state), as retraining does after a warm start.
    /// </summary>
    /// <remarks>
    /// The twin starts as a copy of <paramref name="model"/>: a freshly initialised one would bootstrap the trained heads
    /// from noise. The two part ways with the first minibatch, since each trains on its own. The diversity objective
    /// measures distance in the model's own item embedding, frozen at the start, the only one that covers the new items.
    /// </remarks>
    public void Continue(
        Gru4RecModel model,
        SessionDataset train,
        int epochs,
        IProgress<TrainingProgress>? progress = null,
        Action<EpochResult, Gru4RecModel>? onEpoch = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options.Validate();
        qLearning.Validate();
        if (train.ItemCount != model.ItemCount)
        {
            throw new ArgumentException($"Training data has {train.ItemCount} items, the model {model.ItemCount}.", nameof(train));
        }

        if (model.QLearning is null || model.Network.QHeads.Count != qLearning.Objectives.Length)
        {
            throw new ArgumentException($"The model has {model.Network.QHeads.Count} Q heads; these options train {qLearning.Objectives.Length}.", nameof(model));
        }

        using var twin = Gru4RecModel.Create(train.Vocabulary, options, _device, qLearning, seed: options.Seed + 7919);
        using (no_grad())
        {
            var source = model.Network.state_dict();
            foreach (var (name, parameter) in twin.Network.named_parameters())
            {
                parameter.copy_(source[name]);
            }
        }

        using var diversity = qLearning.Objectives.Contains(QObjective.Diversity) ? model.Network.ItemEmbedding.detach().clone() : null;
        using var run = new TrainingRun(model, twin, train, diversity, options, qLearning, _device);
        EpochLoop.Run(epochs, epoch => run.Epoch(epoch, epochs, progress, cancellationToken), onEpoch is null ? null : result => onEpoch(result, model));

        model.Network.eval();
    }

    /// <summary>Optimizers, reward tables and the shuffling generator of one training run.</summary>
    private sealed class TrainingRun : IDisposable
    {
        private readonly Gru4RecModel[] _models;
        private readonly HeldScalarAdam[] _optimizers;
        private readonly SessionDataset _train;
        private readonly Gru4RecOptions _options;
        private readonly QLearningOptions _q;
        private readonly Device _device;
        private readonly Random _random;
        private readonly float[] _rewardByType;
        private readonly QRewards _rewards;
        private readonly int[] _trainable;

        public TrainingRun(
            Gru4RecModel primary, Gru4RecModel twin, SessionDataset train, Tensor? diversityEmbedding, Gru4RecOptions options, QLearningOptions q, Device device)
        {
            _models = [primary, twin];
            _optimizers = [.. _models.Select(m => new HeldScalarAdam(m.Network.parameters(), options.LearningRate))];
            _train = train;
            _options = options;
            _q = q;
            _device = device;
            _random = new Random(options.Seed);
            _rewardByType = [.. train.EventTypeNames.Select(t => (float)q.RewardOf(t))];
            _rewards = new QRewards(train, diversityEmbedding, device);
            _trainable = [.. Enumerable.Range(0, train.SessionCount).Where(s => train.SessionLength(s) >= 2)];
        }

        public EpochResult Epoch(int epoch, int epochs, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
        {
            foreach (var model in _models)
            {
                model.Network.train();
            }

            var clock = Stopwatch.StartNew();
            var lastReport = TimeSpan.Zero;
            var perEpoch = _trainable.Sum(s => (long)Math.Min(_train.SessionLength(s), _q.MaxSessionLength) - 1);
            long transitions = 0;
            var lossSum = 0.0;
            foreach (var sessions in Batches())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = TransitionBatch.Build(_train, sessions, _q.MaxSessionLength, _rewardByType);
                using (NewDisposeScope())
                {
                    var trained = _random.Next(2);
                    lossSum += Step(batch, _models[trained], _models[1 - trained], _optimizers[trained]) * batch.Transitions;
                }

                transitions += batch.Transitions;
                if (progress is not null && clock.Elapsed - lastReport >= ProgressInterval)
                {
                    lastReport = clock.Elapsed;
                    progress.Report(new TrainingProgress(epoch, epochs, transitions, perEpoch, lossSum / transitions, transitions / clock.Elapsed.TotalSeconds));
                }
            }

            var meanLoss = transitions > 0 ? lossSum / transitions : double.NaN;
            progress?.Report(new TrainingProgress(epoch, epochs, transitions, perEpoch, meanLoss, transitions / clock.Elapsed.TotalSeconds));
            return new EpochResult(epoch, meanLoss, clock.Elapsed.TotalSeconds, transitions);
        }

        public void Dispose()
        {
            foreach (var optimizer in _optimizers)
            {
                optimizer.Dispose();
            }

            _rewards.Dispose();
        }

        /// <summary>
        /// Sessions in shuffled order, cut into minibatches of similar length: pools of several batches are sorted by
        /// length so padding stays small, and the batches are shuffled again so lengths do not follow a schedule.
        /// </summary>
        private List<int[]> Batches()
        {
            var order = _trainable.ToArray();
            _random.Shuffle(order);
            var size = _options.BatchSize;
            var batches = new List<int[]>();
            foreach (var pool in order.Chunk(size * LengthPoolBatches))
            {
                Array.Sort(pool, (a, b) => _train.SessionLength(a).CompareTo(_train.SessionLength(b)));
                batches.AddRange(pool.Chunk(size));
            }

            var shuffled = batches.ToArray();
            _random.Shuffle(shuffled);
            return [.. shuffled];
        }

        /// <summary>One double Q-learning update of <paramref name="main"/>; returns the loss per transition.</summary>
        private double Step(TransitionBatch batch, Gru4RecModel main, Gru4RecModel other, HeldScalarAdam optimizer)
        {
            var inputs = tensor(batch.Inputs, device: _device).view(batch.Steps, batch.Sessions);
            var actions = tensor(batch.Actions, device: _device);

            var states = DoubleQ.Unroll(main.Network, inputs);
            var s = states.index_select(0, tensor(batch.StateRows, device: _device));
            var logits = main.Network.ScoreAll(s);
            var loss = nn.functional.cross_entropy(logits, actions);

            Tensor otherStates;
            using (no_grad())
            {
                otherStates = DoubleQ.Unroll(other.Network, inputs);
            }

            var targets = DoubleQ.Targets(_q, _rewards, batch, main, other, states, otherStates, logits.detach().argmax(1));
            var heads = main.Network.QHeads;
            using var tdWeight = _q.TdWeight.ToScalar();
            for (var k = 0; k < heads.Count; k++)
            {
                loss = loss.add(heads[k].ScorePairs(s, actions).sub(targets[k]).pow(HeldScalars.Two).mean().mul(tdWeight), HeldScalars.One);
            }

            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
            return loss.item<float>();
        }
    }
}
