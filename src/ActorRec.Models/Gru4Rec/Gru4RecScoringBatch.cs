using ActorRec.Models.Evaluation;
using static TorchSharp.torch;

namespace ActorRec.Models.Gru4Rec;

/// <summary>Per-slot GRU hidden states of a session-parallel scoring run.</summary>
internal sealed class Gru4RecScoringBatch : IScoringBatch
{
    private readonly Gru4RecModel _model;
    private readonly Tensor[] _hidden;

    public Gru4RecScoringBatch(Gru4RecModel model, int slots)
    {
        _model = model;
        _model.Network.eval();
        _hidden = model.Network.NewHidden(slots, model.Device);
        foreach (var h in _hidden)
        {
            h.DetachFromDisposeScope();
        }
    }

    public Tensor Step(Tensor items, Tensor reset)
    {
        using var noGrad = no_grad();
        var keep = reset.logical_not().to(float32).unsqueeze(1);
        var hidden = new Tensor[_hidden.Length];
        for (var i = 0; i < hidden.Length; i++)
        {
            hidden[i] = _hidden[i].mul(keep);
        }

        var scores = _model.Step(items.to(_model.Device), hidden);
        for (var i = 0; i < hidden.Length; i++)
        {
            _hidden[i].copy_(hidden[i]);
        }

        return scores;
    }

    public void Dispose()
    {
        foreach (var h in _hidden)
        {
            h.Dispose();
        }
    }
}
