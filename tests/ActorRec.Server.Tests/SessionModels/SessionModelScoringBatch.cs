using ActorRec.Models.Evaluation;
using ActorRec.Models.Sessions;
using static TorchSharp.torch;

namespace ActorRec.Server.Tests.SessionModels;

/// <summary>A session-parallel scoring run over any session model, through the seam alone.</summary>
internal sealed class SessionModelScoringBatch : IScoringBatch
{
    private readonly ISessionModel _model;
    private readonly Tensor _hidden;
    private readonly Tensor _initial;

    public SessionModelScoringBatch(ISessionModel model, int slots)
    {
        _model = model;
        _model.PrepareForInference();
        _hidden = model.InitialHidden(slots).DetachFromDisposeScope();
        _initial = model.InitialHidden(1).DetachFromDisposeScope();
    }

    public Tensor Step(Tensor items, Tensor reset)
    {
        using var noGrad = no_grad();
        var hidden = _model.Advance(where(reset.unsqueeze(1), _initial, _hidden), items);
        _hidden.copy_(hidden);
        return _model.ScoreAll(_hidden);
    }

    public void Dispose()
    {
        _hidden.Dispose();
        _initial.Dispose();
    }
}
