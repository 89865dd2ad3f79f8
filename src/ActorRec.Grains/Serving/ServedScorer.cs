using ActorRec.Grains.Inference;
using ActorRec.Models.Scoring;
using ActorRec.Models.Sessions;

namespace ActorRec.Grains.Serving;

/// <summary>A loaded version's fused scorer: the model's dot-product head and the scorer over a copy of its item table.</summary>
internal sealed class ServedScorer(IDotProductHead head, FusedTopKScorer scorer)
{
    public IDotProductHead Head { get; } = head;

    public FusedTopKScorer Scorer { get; } = scorer;

    /// <summary>The scorer <paramref name="options"/> choose for <paramref name="model"/>; null means torch.</summary>
    /// <exception cref="InvalidOperationException">Fused scoring is asked for and the model's scores are not a dot product.</exception>
    public static ServedScorer? For(ISessionModel model, InferenceOptions options)
    {
        if (options.Scorer == ServingScorer.Torch)
        {
            return null;
        }

        if (DotProductHeads.Find(model) is not { } head)
        {
            return options.Scorer == ServingScorer.Fused
                ? throw new InvalidOperationException(
                    $"Inference:Scorer is Fused, but a {model.Kind} model's scores are not a dot product with an item table; use Auto or Torch.")
                : null;
        }

        var settings = new FusedScorerOptions { Threads = options.Threads, Precision = options.ScorerPrecision };
        return new ServedScorer(head, new FusedTopKScorer(head.ExportItemTable(), settings));
    }
}
