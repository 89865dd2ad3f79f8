using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ActorRec.Models.Gru4Rec;

/// <summary>
/// The GRU4Rec network: item embedding, stacked GRU cells, and scores as the dot product of the last
/// hidden state with the output item weights plus an item bias. Parameter names follow the official
/// PyTorch implementation (Wy, By, E, G.i.*) so saved weights read the same. SQN and SMORL add Q-value heads (Q.i.W,
/// Q.i.B) on the same hidden state; without them the saved weights are exactly GRU4Rec's.
/// </summary>
public sealed class Gru4RecNetwork : nn.Module
{
    [ComponentName(Name = "Wy")]
    private readonly Embedding _wy;

    [ComponentName(Name = "By")]
    private readonly Embedding _by;

    [ComponentName(Name = "E")]
    private readonly Embedding? _e;

    [ComponentName(Name = "G")]
    private readonly ModuleList<GRUCell> _g;

    [ComponentName(Name = "Q")]
    private readonly ModuleList<QHead>? _q;

    public Gru4RecNetwork(int itemCount, IReadOnlyList<int> layers, bool constrainedEmbedding, int embedding, int qHeads = 0)
        : base(nameof(Gru4RecNetwork))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(qHeads);
        ItemCount = itemCount;
        Layers = [.. layers];
        ConstrainedEmbedding = constrainedEmbedding;
        var inputSize = constrainedEmbedding ? layers[^1] : embedding;
        if (!constrainedEmbedding)
        {
            _e = nn.Embedding(itemCount, embedding);
        }

        _g = new ModuleList<GRUCell>();
        for (var i = 0; i < layers.Count; i++)
        {
            _g.Add(nn.GRUCell(i == 0 ? inputSize : layers[i - 1], layers[i]));
        }

        _wy = nn.Embedding(itemCount, layers[^1]);
        _by = nn.Embedding(itemCount, 1);
        if (qHeads > 0)
        {
            _q = new ModuleList<QHead>();
            for (var i = 0; i < qHeads; i++)
            {
                _q.Add(new QHead(itemCount, layers[^1]));
            }
        }

        RegisterComponents();
    }

    public int ItemCount { get; }

    public int[] Layers { get; }

    public bool ConstrainedEmbedding { get; }

    /// <summary>Output item weights [items, last layer]; also the input embedding when constrained.</summary>
    public Parameter OutputWeights => _wy.weight!;

    /// <summary>Output item bias [items, 1].</summary>
    public Parameter OutputBias => _by.weight!;

    /// <summary>The separate input embedding, or null when constrained.</summary>
    public Parameter? InputEmbedding => _e?.weight;

    /// <summary>The item vectors that define item similarity: the input embedding when separate, else the shared weights.</summary>
    public Parameter ItemEmbedding => _e?.weight ?? _wy.weight!;

    public IReadOnlyList<GRUCell> Cells => [.. _g];

    /// <summary>The Q-value heads of SQN (one) or SMORL (one per objective); empty for GRU4Rec.</summary>
    public IReadOnlyList<QHead> QHeads => _q is null ? [] : [.. _q];

    /// <summary>
    /// Initialises weights as the official code does: uniform in +-sqrt(6 / (fan_in + fan_out)) computed per
    /// gate block, zero biases. Uses the given generator so that a seed reproduces the network.
    /// </summary>
    public void ResetParameters(Generator generator)
    {
        using var noGrad = no_grad();
        if (_e is not null)
        {
            InitUniform(_e.weight!, _e.weight!.shape[0], _e.weight.shape[1], generator);
        }

        foreach (var cell in _g)
        {
            // weight_ih is [3h, in]: three gate blocks of [h, in], each initialised as a matrix [in, h].
            var hidden = cell.weight_hh!.shape[1];
            InitUniform(cell.weight_ih!, cell.weight_ih!.shape[1], hidden, generator);
            InitUniform(cell.weight_hh!, hidden, hidden, generator);
            cell.bias_ih!.zero_();
            cell.bias_hh!.zero_();
        }

        InitUniform(_wy.weight!, ItemCount, Layers[^1], generator);
        _by.weight!.zero_();
        foreach (var head in QHeads)
        {
            InitUniform(head.Weight, ItemCount, Layers[^1], generator);
            head.Bias.zero_();
        }
    }

    /// <summary>Creates zeroed hidden states, one [rows, layer] tensor per layer.</summary>
    public Tensor[] NewHidden(long rows, Device device) =>
        [.. Layers.Select(l => zeros(rows, l, dtype: float32, device: device))];

    /// <summary>
    /// Advances the hidden states by one event from already embedded inputs. With dropout (training), the
    /// dropped-out output becomes the next state, as in the official implementation.
    /// </summary>
    public Tensor HiddenStep(Tensor input, Tensor[] hidden, Func<Tensor, Tensor>? dropout = null)
    {
        var x = input;
        for (var i = 0; i < _g.Count; i++)
        {
            x = _g[i].forward(x, hidden[i]);
            if (dropout is not null)
            {
                x = dropout(x);
            }

            hidden[i] = x;
        }

        return x;
    }

    /// <summary>Input vectors of the given items (inference path; training gathers rows itself for indexed updates).</summary>
    public Tensor Embed(Tensor items) => (_e?.weight ?? _wy.weight!).index_select(0, items);

    /// <summary>Scores of every catalog item for each row of the last hidden state: [rows, items].</summary>
    public Tensor ScoreAll(Tensor lastHidden) => addmm(_by.weight!.t(), lastHidden, _wy.weight!.t(), 1, 1);

    private static void InitUniform(Tensor weight, long fanIn, long fanOut, Generator generator)
    {
        var sigma = Math.Sqrt(6.0 / (fanIn + fanOut));
        using var sample = rand(weight.shape, dtype: weight.dtype, generator: generator);
        using var scale = (2 * sigma).ToScalar();
        using var shift = sigma.ToScalar();
        weight.copy_(sample.mul_(scale).sub_(shift));
    }
}
