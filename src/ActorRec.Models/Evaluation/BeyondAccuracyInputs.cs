using ActorRec.Models.Data;

namespace ActorRec.Models.Evaluation;

/// <summary>
/// What <see cref="Evaluator"/> needs to measure coverage, novelty, diversity and repetitiveness next to accuracy. All
/// item indices are the training vocabulary's, which must be the scorer's and the test set's.
/// </summary>
/// <param name="Training">The training set: catalog and popularity.</param>
/// <param name="Embeddings">Row-major [items, <paramref name="Dimension"/>] reference item vectors for embedding diversity, or null to skip it.</param>
/// <param name="Dimension">Columns of <paramref name="Embeddings"/>.</param>
/// <param name="Categories">Category of each item index that has one, or null to skip category diversity.</param>
public sealed record BeyondAccuracyInputs(
    SessionDataset Training,
    float[]? Embeddings = null,
    int Dimension = 0,
    IReadOnlyDictionary<int, string>? Categories = null);
