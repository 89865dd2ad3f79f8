using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Gru4Rec;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorRec.Models.Training;

/// <summary>
/// Scores a GRU4Rec model against a catalog that holds items the model does not know, so that an old model and a
/// candidate with a grown vocabulary are evaluated on the same test sessions by the same <see cref="Evaluator"/>.
/// </summary>
/// <remarks>
/// An unknown item scores negative infinity, so it is never recommended and, as a target, ranks below every known
/// item: a miss at any cutoff smaller than the model's catalog. As an input it leaves the session's hidden state
/// unchanged, which is what serving does with a click on an item the active model does not know.
/// </remarks>
public sealed class ExtendedCatalogScorer : INextItemScorer
{
    private readonly Gru4RecModel _model;

    // For every catalog index, the model's index of the same item id, or -1 when the model does not know it.
    private readonly long[] _modelIndexOf;

    public ExtendedCatalogScorer(Gru4RecModel model, ItemVocabulary catalog)
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
        private readonly Gru4RecModel _model;
        private readonly int _catalog;
        private readonly Tensor _toModel;
        private readonly Tensor _knownColumns;
        private readonly Tensor _knownModelRows;
        private readonly Tensor[] _hidden;

        public Batch(Gru4RecModel model, long[] modelIndexOf, int slots)
        {
            _model = model;
            _catalog = modelIndexOf.Length;
            var device = model.Device;
            var knownColumns = Enumerable.Range(0, modelIndexOf.Length).Where(i => modelIndexOf[i] >= 0).Select(i => (long)i).ToArray();
            _toModel = tensor(modelIndexOf, device: device).DetachFromDisposeScope();
            _knownColumns = tensor(knownColumns, device: device).DetachFromDisposeScope();
            _knownModelRows = tensor(knownColumns.Select(i => modelIndexOf[i]).ToArray(), device: device).DetachFromDisposeScope();
            _model.Network.eval();
            _hidden = model.Network.NewHidden(slots, device);
            foreach (var h in _hidden)
            {
                h.DetachFromDisposeScope();
            }
        }

        public Tensor Step(Tensor items, Tensor reset)
        {
            using var noGrad = no_grad();
            var device = _model.Device;
            var mapped = _toModel.index_select(0, items.to(device));
            var known = mapped.ge(_zero).unsqueeze(1);
            var keep = reset.to(device).logical_not().to(float32).unsqueeze(1);
            var before = new Tensor[_hidden.Length];
            for (var i = 0; i < before.Length; i++)
            {
                before[i] = _hidden[i].mul(keep);
            }

            var after = (Tensor[])before.Clone();
            _model.Network.HiddenStep(_model.Network.Embed(mapped.clamp_min(_zero)), after);
            for (var i = 0; i < _hidden.Length; i++)
            {
                _hidden[i].copy_(where(known, after[i], before[i]));
            }

            var modelScores = _model.Network.ScoreAll(_hidden[^1]);
            var scores = full(items.shape[0], _catalog, _unknownScore, dtype: modelScores.dtype, device: device);
            scores.index_copy_(1, _knownColumns, modelScores.index_select(1, _knownModelRows));
            return scores;
        }

        public void Dispose()
        {
            foreach (var h in _hidden)
            {
                h.Dispose();
            }

            _toModel.Dispose();
            _knownColumns.Dispose();
            _knownModelRows.Dispose();
            _zero.Dispose();
            _unknownScore.Dispose();
        }
    }
}
