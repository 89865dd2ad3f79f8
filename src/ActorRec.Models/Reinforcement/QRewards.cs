using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Gru4Rec;
using static TorchSharp.torch;

namespace ActorRec.Models.Reinforcement;

/// <summary>The per-objective rewards of a batch's transitions: logged accuracy rewards, SMORL's diversity and novelty.</summary>
internal sealed class QRewards : IDisposable
{
    private readonly Tensor _longTail;
    private readonly Tensor? _diversity;
    private readonly Tensor? _known;
    private readonly Device _device;

    /// <param name="train">Training data: its popularity defines "less popular" for the novelty reward.</param>
    /// <param name="diversityEmbedding">Frozen [items, dim] vectors for the diversity reward, or null without that objective.</param>
    /// <param name="device">Where the reward tensors live.</param>
    public QRewards(SessionDataset train, Tensor? diversityEmbedding, Device device)
    {
        _device = device;
        using var noGrad = no_grad();

        // The same long-tail line as the novelty metric, so the reward and the measurement agree on "less popular".
        var support = train.ItemSupport();
        var threshold = BeyondAccuracyMetrics.LongTailThreshold(support);
        _longTail = tensor(support.Select(s => s < threshold ? 1f : 0f).ToArray(), device: device).DetachFromDisposeScope();
        if (diversityEmbedding is not null)
        {
            _diversity = nn.functional.normalize(diversityEmbedding.to(float32).to(device), p: 2, dim: 1).DetachFromDisposeScope();

            // Items the embedding does not know are zero rows: they earn no diversity reward rather than the maximum.
            _known = _diversity.abs().sum(1).gt(HeldScalars.Zero).to(float32).DetachFromDisposeScope();
        }
    }

    /// <summary>The reward of every transition of <paramref name="batch"/> for <paramref name="objective"/>, given the top-1 predictions at its states.</summary>
    public Tensor For(QObjective objective, TransitionBatch batch, Tensor top1) => objective switch
    {
        QObjective.Accuracy => tensor(batch.Rewards, device: _device),
        QObjective.Diversity => Diversity(tensor(batch.LastItems, device: _device), top1),
        QObjective.Novelty => _longTail.index_select(0, top1),
        _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, "Unknown objective."),
    };

    public void Dispose()
    {
        _longTail.Dispose();
        _diversity?.Dispose();
        _known?.Dispose();
    }

    /// <summary>1 - cosine similarity of the state's last item and the top-1 prediction under the frozen embedding.</summary>
    private Tensor Diversity(Tensor lastItems, Tensor top1)
    {
        if (_diversity is null)
        {
            throw new InvalidOperationException("The diversity objective needs a frozen item embedding.");
        }

        return _diversity.index_select(0, lastItems).mul(_diversity.index_select(0, top1)).sum(1).neg().add(HeldScalars.One, HeldScalars.One)
            .mul(_known!.index_select(0, lastItems)).mul(_known.index_select(0, top1));
    }
}
