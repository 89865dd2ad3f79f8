using ActorRec.Models.Scoring;
using ActorRec.Models.Sessions;
using TorchSharp;

namespace ActorRec.Models.Evaluation;

/// <summary>
/// The evaluator's step through a session model's dot-product head: the model advances the slots' hidden states, and the
/// fused scorer ranks the catalog on the host, returning only the top lists and the targets' ranks.
/// </summary>
internal sealed class FusedScoringSteps : IDisposable
{
    private readonly ISessionModel _model;
    private readonly IDotProductHead _head;
    private readonly FusedTopKScorer _scorer;
    private readonly torch.Tensor _hidden;
    private readonly torch.Tensor _initial;
    private readonly int[] _targets;

    private FusedScoringSteps(ISessionModel model, IDotProductHead head, FusedScorerOptions options, int slots)
    {
        _model = model;
        _head = head;
        model.PrepareForInference();
        _scorer = new FusedTopKScorer(head.ExportItemTable(), options);
        using var noGrad = torch.no_grad();
        _initial = model.InitialHidden(slots).DetachFromDisposeScope();
        _hidden = _initial.clone().DetachFromDisposeScope();
        _targets = new int[slots];
    }

    /// <summary>The fused steps for <paramref name="scorer"/>, or null when it must be scored with torch.</summary>
    public static FusedScoringSteps? TryCreate(INextItemScorer scorer, EvaluationOptions options, int slots) =>
        options.FusedScoring is { Precision: ScorerPrecision.Float32 } fused && scorer is ISessionModel { Device.type: DeviceType.CPU } model
            && DotProductHeads.Find(model) is { } head
            ? new FusedScoringSteps(model, head, fused, slots)
            : null;

    /// <summary>Feeds one item per slot (resetting where asked) and ranks the next items: top lists and target ranks.</summary>
    public void Step(long[] input, bool[] reset, long[] target, int width, RankingRule rule, Span<long> top, Span<long> ranks)
    {
        using (var scope = torch.NewDisposeScope())
        {
            var device = _model.Device;
            var fresh = torch.tensor(reset, device: device).unsqueeze(1);
            var advanced = _model.Advance(torch.where(fresh, _initial, _hidden), torch.tensor(input, device: device));
            _hidden.copy_(advanced);
            var queries = _head.Queries(_hidden).contiguous().cpu().data<float>().ToArray();
            for (var slot = 0; slot < _targets.Length; slot++)
            {
                _targets[slot] = (int)target[slot];
            }

            var conservative = rule == RankingRule.Conservative;
            var lists = _scorer.TopKWithTargetRanks(queries, width, _targets, countTies: conservative, ranks);
            for (var slot = 0; slot < lists.Length; slot++)
            {
                var items = lists[slot].Items;
                if (items.Length < width)
                {
                    throw new InvalidOperationException($"Only {items.Length} items of slot {slot} have a score above -inf; the model returned NaN or -inf scores.");
                }

                for (var i = 0; i < width; i++)
                {
                    top[(slot * width) + i] = items[i];
                }

                if (!conservative && ranks[slot] >= 0)
                {
                    ranks[slot]++;
                }
            }
        }
    }

    public void Dispose()
    {
        _hidden.Dispose();
        _initial.Dispose();
    }
}
