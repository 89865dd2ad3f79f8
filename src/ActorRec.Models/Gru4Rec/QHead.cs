using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ActorRec.Models.Gru4Rec;

/// <summary>
/// One Q-value head over the catalog: Q(s, a) = W[a] · s + B[a]. Stored item-major like the supervised head (Wy, By),
/// so a single action's value is a row gather instead of a full-catalog product.
/// </summary>
public sealed class QHead : nn.Module
{
    [TorchSharp.Utils.ComponentName(Name = "W")]
    private readonly Embedding _w;

    [TorchSharp.Utils.ComponentName(Name = "B")]
    private readonly Embedding _b;

    public QHead(int itemCount, int hiddenSize)
        : base(nameof(QHead))
    {
        _w = nn.Embedding(itemCount, hiddenSize);
        _b = nn.Embedding(itemCount, 1);
        RegisterComponents();
    }

    /// <summary>Action weights [items, hidden].</summary>
    public Parameter Weight => _w.weight!;

    /// <summary>Action bias [items, 1].</summary>
    public Parameter Bias => _b.weight!;

    /// <summary>Q-values of every item for each row of <paramref name="state"/>: [rows, items].</summary>
    public Tensor ScoreAll(Tensor state) => addmm(_b.weight!.t(), state, _w.weight!.t(), 1, 1);

    /// <summary>Q(s_i, a_i) for paired rows of states [rows, hidden] and actions [rows]: [rows].</summary>
    public Tensor ScorePairs(Tensor state, Tensor actions) =>
        state.mul(_w.weight!.index_select(0, actions)).sum(1).add(_b.weight!.index_select(0, actions).squeeze(1));
}
