using System.Text.Json;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Scoring;
using ActorRec.Models.Sessions;
using ActorRec.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorRec.Models.Gru4Rec;

/// <summary>
/// A GRU session model with the vocabulary and hyperparameters it was trained with, ready to score sessions: GRU4Rec,
/// or SQN / SMORL when it carries Q heads (<see cref="QLearning"/>). All three advance the same hidden state one click
/// at a time, so evaluation and serving treat them alike.
/// </summary>
public sealed class Gru4RecModel : ISessionModel, IItemEmbeddingSource, IDotProductHead
{
    /// <summary>Manifest kind of a model without Q heads.</summary>
    public const string Gru4RecKind = "gru4rec";

    private readonly long[] _layerSizes;

    public Gru4RecModel(Gru4RecNetwork network, ItemVocabulary vocabulary, Gru4RecOptions options, Device device, IQHeadSettings? qLearning = null)
    {
        if (network.ItemCount != vocabulary.Count)
        {
            throw new ArgumentException($"Network has {network.ItemCount} items but the vocabulary has {vocabulary.Count}.", nameof(vocabulary));
        }

        if (network.QHeads.Count != (qLearning?.HeadCount ?? 0))
        {
            throw new ArgumentException(
                $"Network has {network.QHeads.Count} Q heads but the options name {qLearning?.HeadCount ?? 0} objectives.", nameof(qLearning));
        }

        QLearning = qLearning;
        ServingHead = qLearning?.ServingHead ?? ServingHead.Supervised;

        Network = network;
        Vocabulary = vocabulary;
        Options = options;
        Device = device;
        _layerSizes = [.. network.Layers.Select(l => (long)l)];
        HiddenSize = network.Layers.Sum();
    }

    public string Name { get; set; } = "GRU4Rec";

    public Gru4RecNetwork Network { get; }

    public ItemVocabulary Vocabulary { get; }

    public Gru4RecOptions Options { get; }

    /// <summary>Rewards and Q heads of SQN / SMORL; null for GRU4Rec.</summary>
    public IQHeadSettings? QLearning { get; }

    /// <summary>Model family: "gru4rec", "sqn" or "smorl".</summary>
    public string Kind => QLearning?.Kind ?? Gru4RecKind;

    /// <summary>The head whose scores <see cref="Step"/> returns; Q needs Q heads. Defaults to the trained option.</summary>
    public ServingHead ServingHead
    {
        get;
        set
        {
            if (value == ServingHead.Q && QLearning is null)
            {
                throw new InvalidOperationException("A GRU4Rec model has no Q heads to serve from.");
            }

            field = value;
        }
    }

    public Device Device { get; }

    public int ItemCount => Network.ItemCount;

    /// <summary>The GRU layers' states side by side, first layer first.</summary>
    public int HiddenSize { get; }

    /// <summary>A freshly initialised model; with <paramref name="qLearning"/> an SQN / SMORL model with one Q head per objective.</summary>
    public static Gru4RecModel Create(ItemVocabulary vocabulary, Gru4RecOptions options, Device device, IQHeadSettings? qLearning = null, int? seed = null)
    {
        options.Validate();
        qLearning?.Validate();
        var network = new Gru4RecNetwork(
            vocabulary.Count, options.Layers, options.ConstrainedEmbedding, options.Embedding, qLearning?.HeadCount ?? 0);
        using var generator = new Generator((ulong)(seed ?? options.Seed));
        network.ResetParameters(generator);
        network.to(device);
        return new Gru4RecModel(network, vocabulary, options, device, qLearning);
    }

    public IScoringBatch StartBatch(int slots) => new Gru4RecScoringBatch(this, slots);

    /// <summary>
    /// One inference step for a batch of sessions: advances their hidden states by one item each and returns the
    /// scores of all items [rows, items]. <paramref name="hidden"/> is replaced by the new states; the caller owns
    /// all tensors (this runs in the caller's dispose scope and must be called under no_grad).
    /// </summary>
    public Tensor Step(Tensor items, Tensor[] hidden)
    {
        var last = Network.HiddenStep(Network.Embed(items), hidden);
        return Score(last);
    }

    /// <summary>Scores of every item [rows, items] for hidden states of the last layer, from the serving head.</summary>
    public Tensor Score(Tensor lastHidden)
    {
        return ServingHead == ServingHead.Supervised ? Network.ScoreAll(lastHidden) : ScoreQ(lastHidden);
    }

    /// <summary>The Q-values of every item [rows, items], summed over the heads with the scalarisation weights.</summary>
    public Tensor ScoreQ(Tensor lastHidden)
    {
        if (QLearning is null)
        {
            throw new InvalidOperationException("A GRU4Rec model has no Q heads.");
        }

        // One product with the weighted sum of the heads instead of one per head; recomputed per call because training
        // may still be changing the weights (it is small next to the product itself).
        var heads = Network.QHeads;
        var weights = QLearning.HeadWeights;
        if (heads.Count == 1)
        {
            using var only = weights[0].ToScalar();
            return heads[0].ScoreAll(lastHidden).mul(only);
        }

        using var first = weights[0].ToScalar();
        var w = heads[0].Weight.mul(first);
        var b = heads[0].Bias.mul(first);
        for (var i = 1; i < heads.Count; i++)
        {
            using var weight = weights[i].ToScalar();
            w = w.add(heads[i].Weight.mul(weight), HeldScalars.One);
            b = b.add(heads[i].Bias.mul(weight), HeldScalars.One);
        }

        return addmm(b.t(), lastHidden, w.t(), 1, 1);
    }

    public Tensor InitialHidden(long rows) => zeros(rows, HiddenSize, dtype: float32, device: Device);

    Tensor ISessionModel.Advance(Tensor hidden, Tensor items)
    {
        var layers = SplitLayers(hidden);
        Network.HiddenStep(Network.Embed(items), layers);
        return layers.Length == 1 ? layers[0] : cat(layers, 1);
    }

    // The last layer is a column slice of the flat rows: addmm reads it through its stride, without a copy.
    Tensor ISessionModel.ScoreAll(Tensor hidden) => Score(Queries(hidden));

    public int QueryDimension => Network.Layers[^1];

    /// <summary>The last GRU layer's state: both heads multiply it.</summary>
    public Tensor Queries(Tensor hidden) =>
        _layerSizes.Length == 1 ? hidden : hidden.narrow(1, HiddenSize - _layerSizes[^1], _layerSizes[^1]);

    public ItemTable ExportItemTable() => ServingItemTable.Export(this);

    Tensor IItemEmbeddingSource.ItemEmbedding => Network.ItemEmbedding;

    public void PrepareForInference() => Network.eval();

    public ManifestSections DescribeForManifest() => new(
        JsonSerializer.SerializeToNode(Options, Checkpoint.JsonOptions)!.AsObject(),
        QLearning?.Describe());

    public void SaveWeights(string path) => Network.save(path);

    ISessionModel ISessionModel.ExtendVocabulary(IEnumerable<string> newItemIds, int seed) => WarmStart.Extend(this, newItemIds, seed);

    /// <summary>GRU4Rec continues with its session-parallel trainer; a model with Q heads with the trainer of their kind.</summary>
    public void ContinueTraining(SessionDataset train, ContinuedTraining settings, Action<EpochResult>? onEpoch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = Options with { LearningRate = settings.LearningRateFor(Options.LearningRate) };
        if (QLearning is null)
        {
            new Gru4RecTrainer(options, Device).Continue(this, train, settings.Epochs, onEpoch: (epoch, _) => onEpoch?.Invoke(epoch), cancellationToken: cancellationToken);
        }
        else
        {
            QLearning.ContinueTraining(this, options, train, settings.Epochs, onEpoch, cancellationToken);
        }
    }

    public void Dispose() => Network.Dispose();

    /// <summary>Per-layer states of flat rows, each contiguous as the GRU cells read them.</summary>
    private Tensor[] SplitLayers(Tensor hidden) =>
        _layerSizes.Length == 1 ? [hidden] : [.. hidden.split(_layerSizes, dim: 1).Select(h => h.contiguous())];
}
