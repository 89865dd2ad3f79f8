using System.Diagnostics;
using ActorRec.Models.Data;
using ActorRec.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorRec.Models.Gru4Rec;

/// <summary>
/// Trains GRU4Rec the way the official implementation does: session-parallel minibatches, the in-batch targets
/// plus shared popularity-sampled negatives as the output candidates, cross-entropy (with optional logQ
/// correction) or BPR-max loss, and Adagrad with momentum updating only the item rows a minibatch touched.
/// </summary>
public sealed class Gru4RecTrainer(Gru4RecOptions options, Device? device = null)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    private readonly Device _device = device ?? CPU;

    /// <summary>Trains a new model on <paramref name="train"/>; <paramref name="onEpoch"/> sees the model after each epoch.</summary>
    public Gru4RecModel Train(
        SessionDataset train,
        IProgress<TrainingProgress>? progress = null,
        Action<EpochResult, Gru4RecModel>? onEpoch = null,
        CancellationToken cancellationToken = default)
    {
        var model = Gru4RecModel.Create(train.Vocabulary, options, _device);
        try
        {
            Continue(model, train, options.Epochs, progress, onEpoch, cancellationToken);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Runs more epochs on an existing model (fresh optimizer state, as a new official fit would have).</summary>
    public void Continue(
        Gru4RecModel model,
        SessionDataset train,
        int epochs,
        IProgress<TrainingProgress>? progress = null,
        Action<EpochResult, Gru4RecModel>? onEpoch = null,
        CancellationToken cancellationToken = default)
    {
        if (train.ItemCount != model.ItemCount)
        {
            throw new ArgumentException($"Training data has {train.ItemCount} items, the model {model.ItemCount}.", nameof(train));
        }

        using var run = new TrainingRun(model, train, options, _device);
        EpochLoop.Run(epochs, epoch => run.Epoch(epoch, epochs, progress, cancellationToken), onEpoch is null ? null : result => onEpoch(result, model));
    }

    /// <summary>The state of one training run: optimizer, sampler, popularity tables.</summary>
    private sealed class TrainingRun : IDisposable
    {
        private readonly Gru4RecModel _model;
        private readonly SessionDataset _train;
        private readonly Gru4RecOptions _options;
        private readonly Device _device;
        private readonly Generator _generator;
        private readonly IndexedAdagradM _optimizer;
        private readonly NegativeSampler? _sampler;
        private readonly Tensor? _logSupport;
        private readonly TrainingScalars _scalars;

        public TrainingRun(Gru4RecModel model, SessionDataset train, Gru4RecOptions options, Device device)
        {
            NativeHeap.KeepFreedBuffers();
            _model = model;
            _train = train;
            _options = options;
            _device = device;
            _generator = new Generator((ulong)options.Seed + 1, device);
            _optimizer = new IndexedAdagradM(options.LearningRate, options.Momentum);
            _scalars = new TrainingScalars(options);
            var support = train.ItemSupport();
            if (options.NSample > 0)
            {
                _sampler = new NegativeSampler(support, options.SampleAlpha, options.NSample, options.SampleCacheMaxSize, _generator, device);
            }

            if (options.LogQ > 0 && options.Loss == Gru4RecLoss.CrossEntropy)
            {
                // Raw counts, as the official code: the in-batch targets are corrected by log(count), the
                // sampled negatives by alpha * log(count), matching how each set was drawn.
                _logSupport = tensor(support.Select(s => (float)Math.Log(Math.Max(s, 1))).ToArray(), device: device).DetachFromDisposeScope();
            }
        }

        public EpochResult Epoch(int epoch, int epochs, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
        {
            var network = _model.Network;
            network.train();
            var clock = Stopwatch.StartNew();
            var lastReport = TimeSpan.Zero;
            var targetsPerEpoch = _train.TargetCount;
            long targets = 0;
            var hidden = network.NewHidden(_options.BatchSize, _device);
            foreach (var h in hidden)
            {
                h.DetachFromDisposeScope();
            }

            using var lossSum = zeros(1, dtype: float64, device: _device).DetachFromDisposeScope();
            var steps = new SessionParallelIterator(_train, _options.BatchSize).Steps();
            if (_options.MaxBatchesPerEpoch > 0)
            {
                steps = steps.Take(_options.MaxBatchesPerEpoch);
            }

            foreach (var step in steps)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (var scope = NewDisposeScope())
                {
                    AdjustHidden(hidden, step, _scalars.Zero);
                    var loss = Step(step, hidden);
                    lossSum.add_(loss.detach().to(float64).mul(_scalars.BatchSize), _scalars.One);
                    for (var i = 0; i < hidden.Length; i++)
                    {
                        hidden[i] = hidden[i].detach().MoveToOuterDisposeScope();
                    }
                }

                targets += step.Count;
                if (progress is not null && clock.Elapsed - lastReport >= ProgressInterval)
                {
                    lastReport = clock.Elapsed;
                    progress.Report(new TrainingProgress(epoch, epochs, targets, targetsPerEpoch, lossSum.item<double>() / targets, targets / clock.Elapsed.TotalSeconds));
                }
            }

            foreach (var h in hidden)
            {
                h.Dispose();
            }

            var meanLoss = targets > 0 ? lossSum.item<double>() / targets : double.NaN;
            progress?.Report(new TrainingProgress(epoch, epochs, targets, targetsPerEpoch, meanLoss, targets / clock.Elapsed.TotalSeconds));
            return new EpochResult(epoch, meanLoss, clock.Elapsed.TotalSeconds, targets);
        }

        public void Dispose()
        {
            _optimizer.Dispose();
            _sampler?.Dispose();
            _logSupport?.Dispose();
            _generator.Dispose();
            _scalars.Dispose();
        }

        /// <summary>Compacts the rows whose sessions ran out and zeroes the rows that start a new session.</summary>
        private static void AdjustHidden(Tensor[] hidden, SessionParallelStep step, Scalar zero)
        {
            using var noGrad = no_grad();
            for (var i = 0; i < hidden.Length; i++)
            {
                var h = hidden[i];
                if (step.KeptRows is not null)
                {
                    var compacted = h.index_select(0, tensor(step.KeptRows, device: h.device));
                    h.Dispose();
                    h = compacted;
                }

                if (step.ResetRows.Length > 0)
                {
                    h.index_fill_(0, tensor(step.ResetRows, device: h.device), zero);
                }

                hidden[i] = h;
            }
        }

        /// <summary>Forward, loss, backward and update for one minibatch; returns the loss divided by the batch size.</summary>
        private Tensor Step(SessionParallelStep step, Tensor[] hidden)
        {
            var network = _model.Network;
            var n = step.Count;
            var inputs = tensor(step.Inputs.AsSpan(0, n).ToArray(), device: _device);
            var targets = tensor(step.Targets.AsSpan(0, n).ToArray(), device: _device);
            var negatives = _sampler?.Next();
            var candidates = negatives is null ? targets : cat([targets, negatives]);

            // Each use of an item matrix gathers its rows into a leaf tensor of its own: its gradient is those rows'
            // gradient, one row per index, and the optimizer sums a row's uses before updating it once.
            var weights = new ItemRows("Wy.weight", network.OutputWeights);
            var inputRows = network.ConstrainedEmbedding ? weights : new ItemRows("E.weight", network.InputEmbedding!);
            var embedded = inputRows.Use(inputs);
            var outputs = weights.Use(candidates);
            var biasRows = new ItemRows("By.weight", network.OutputBias);
            var bias = biasRows.Use(candidates);
            if (_options.DropoutPEmbed > 0)
            {
                embedded = Dropout(embedded, _scalars.DropoutEmbed, _scalars.KeepEmbed);
            }

            var last = network.HiddenStep(embedded, hidden, _options.DropoutPHidden > 0 ? x => Dropout(x, _scalars.DropoutHidden, _scalars.KeepHidden) : null);
            var scores = addmm(bias.t(), last, outputs.t(), 1, 1);

            // Dropped, not zeroed: backward then hands each gradient over instead of adding it to a zeroed one.
            network.zero_grad(set_to_none: true);
            Tensor loss;
            if (_options.Loss == Gru4RecLoss.BprMax && scores.device_type == DeviceType.CPU)
            {
                // The loss and its gradient in closed form, one pass per row (BprMaxLoss); autograd takes it from the scores.
                var (sum, gradient) = BprMaxLoss.Fused(scores, (float)_options.EluParam, (float)_options.BprReg, 1f / _options.BatchSize);
                scores.backward([gradient]);
                loss = tensor((float)(sum / _options.BatchSize), device: _device);
            }
            else
            {
                loss = _options.Loss switch
                {
                    Gru4RecLoss.CrossEntropy => CrossEntropy(scores, targets, negatives),
                    _ => BprMaxLoss.Autograd(scores, _scalars, _options.EluParam > 0),
                };
                loss = loss.div(_scalars.BatchSize);
                loss.backward();
            }

            using (no_grad())
            {
                foreach (var (name, p) in network.named_parameters())
                {
                    if (name.StartsWith("G.", StringComparison.Ordinal) && p.grad is { } gradient)
                    {
                        _optimizer.Step(name, p, gradient);
                    }
                }

                weights.Update(_optimizer);
                biasRows.Update(_optimizer);
                if (!ReferenceEquals(inputRows, weights))
                {
                    inputRows.Update(_optimizer);
                }
            }

            return loss;
        }

        /// <summary>
        /// Inverted dropout drawn from the run's own generator: the global one is shared by every thread of the
        /// process, which would make a seeded run depend on whatever else is running.
        /// </summary>
        private Tensor Dropout(Tensor x, Scalar p, Scalar keepProbability)
        {
            var keep = rand(x.shape, dtype: x.dtype, device: x.device, generator: _generator).ge_(p);
            return x.mul(keep).div_(keepProbability);
        }

        private Tensor CrossEntropy(Tensor scores, Tensor targets, Tensor? negatives)
        {
            if (_logSupport is not null)
            {
                var correction = negatives is null
                    ? _logSupport.index_select(0, targets)
                    : cat([_logSupport.index_select(0, targets), _logSupport.index_select(0, negatives).mul(_scalars.SampleAlpha)]);
                scores = scores.sub(correction.mul(_scalars.LogQ).unsqueeze(0));
            }

            // log_softmax, not softmax followed by log: same value, no underflow, one fused kernel.
            return scores.log_softmax(1).diagonal().sum().neg();
        }
    }

    /// <summary>The rows of an item matrix that a minibatch uses, gathered per use into leaf tensors that collect their gradients.</summary>
    private sealed class ItemRows(string name, Tensor parameter)
    {
        private readonly List<(Tensor Rows, Tensor Leaf)> _uses = [];

        /// <summary>The rows <paramref name="indices"/> names (repeats allowed), as a new leaf.</summary>
        public Tensor Use(Tensor indices)
        {
            Tensor leaf;
            using (no_grad())
            {
                leaf = parameter.index_select(0, indices);
            }

            leaf.requires_grad_(true);
            _uses.Add((indices, leaf));
            return leaf;
        }

        public void Update(IndexedAdagradM optimizer)
        {
            var used = _uses.Where(u => u.Leaf.grad is not null).Select(u => (u.Rows, u.Leaf.grad!)).ToList();
            if (used.Count > 0)
            {
                optimizer.StepRows(name, parameter, used);
            }
        }
    }
}
