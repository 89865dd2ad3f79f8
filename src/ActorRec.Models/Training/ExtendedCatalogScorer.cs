using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Sessions;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorRec.Models.Training;

/// <summary>
/// Scores a session model against a catalog that holds items the model does not know, so that an old model and a
/// candidate with a grown vocabulary are evaluated on the same test sessions by the same <see cref="Evaluator"/>.
/// </summary>
/// <remarks>
/// An unknown item scores negative infinity, so it is never recommended and, as a target, ranks below every known
/// item: a miss at any cutoff smaller than the model's catalog. As an input it leaves the session's hidden state
/// unchanged, which is what serving does with a click on an item the active model does not know.
/// </remarks>
public sealed class ExtendedCatalogScorer : INextItemScorer
{
    private readonly ISessionModel _model;

    // For every catalog index, the model's index of the same item id, or -1 when the model does not know it.
    private readonly long[] _modelIndexOf;

    public ExtendedCatalogScorer(ISessionModel model, ItemVocabulary catalog)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(catalog);
        _model = model;
        _modelIndexOf = new long[catalog.Count];
        for (var i = 0; i < catalog.Count; i++)
        {
            _modelIndexOf[i] = model.Vocabulary.TryGetIndex(catalog[i], out var index) ? index : -1;
        }

        KnownItems = _modelIndexOf.Count(index => index >= 0);
    }

    public string Name => _model.Name;

    public int ItemCount => _modelIndexOf.Length;

    /// <summary>Catalog items the model knows.</summary>
    public int KnownItems { get; }

    public IScoringBatch StartBatch(int slots) => new Batch(_model, _modelIndexOf, slots);

    /// <summary>Per-slot hidden states, the catalog-to-model index map and the scores' column placement.</summary>
    /// <remarks>
    /// Scalar arguments are held here rather than converted from numbers at each call: TorchSharp frees a Scalar in its
    /// finalizer, so a temporary one can be freed by a collection on another thread while libtorch still reads it.
    /// </remarks>
    private sealed class Batch : IScoringBatch
    {
        private readonly Scalar _zero = 0L.ToScalar();
        private readonly Scalar _unknownScore = float.NegativeInfinity.ToScalar();
        private readonly ISessionModel _model;
        private readonly int _catalog;
        private readonly Tensor _toModel;
        private readonly Tensor _knownColumns;
        private readonly Tensor _knownModelRows;
        private readonly Tensor _hidden;
        private readonly Tensor _initial;

        public Batch(ISessionModel model, long[] modelIndexOf, int slots)
        {
            _model = model;
            _catalog = modelIndexOf.Length;
            var device = model.Device;
            var knownColumns = Enumerable.Range(0, modelIndexOf.Length).Where(i => modelIndexOf[i] >= 0).Select(i => (long)i).ToArray();
            _toModel = tensor(modelIndexOf, device: device).DetachFromDisposeScope();
            _knownColumns = tensor(knownColumns, device: device).DetachFromDisposeScope();
            _knownModelRows = tensor(knownColumns.Select(i => modelIndexOf[i]).ToArray(), device: device).DetachFromDisposeScope();
            _model.PrepareForInference();
            _hidden = model.InitialHidden(slots).DetachFromDisposeScope();
            _initial = model.InitialHidden(1).DetachFromDisposeScope();
        }

        public Tensor Step(Tensor items, Tensor reset)
        {
            using var noGrad = no_grad();
            var device = _model.Device;
            var mapped = _toModel.index_select(0, items.to(device));
            var known = mapped.ge(_zero).unsqueeze(1);
            var before = where(reset.to(device).unsqueeze(1), _initial, _hidden);
            var after = _model.Advance(before, mapped.clamp_min(_zero));
            _hidden.copy_(where(known, after, before));

            // The serving head, so that an active SQN / SMORL model serving its Q-values is judged by what it serves.
            var modelScores = _model.ScoreAll(_hidden);
            var scores = full(items.shape[0], _catalog, _unknownScore, dtype: modelScores.dtype, device: device);
            scores.index_copy_(1, _knownColumns, modelScores.index_select(1, _knownModelRows));
            return scores;
        }

        public void Dispose()
        {
            _hidden.Dispose();
            _initial.Dispose();
            _toModel.Dispose();
            _knownColumns.Dispose();
            _knownModelRows.Dispose();
            _zero.Dispose();
            _unknownScore.Dispose();
        }
    }
}
