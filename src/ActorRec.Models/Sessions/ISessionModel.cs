using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Training;
using static TorchSharp.torch;

namespace ActorRec.Models.Sessions;

/// <summary>
/// A session-based recommender as serving, evaluation and retraining see it: a hidden state per session, advanced one
/// item at a time, from which every catalog item is scored. Kinds (GRU4Rec, SQN, SMORL, ...) register a loader in
/// <see cref="SessionModelKinds"/>; nothing that serves or retrains a model needs to know which kind it is.
/// </summary>
/// <remarks>
/// Hidden states are flat float32 rows [rows, <see cref="HiddenSize"/>] so that a session grain can keep one as a plain
/// array whatever the kind. The tensor members run in the caller's dispose scope and, at inference, under no_grad.
/// </remarks>
public interface ISessionModel : INextItemScorer, IDisposable
{
    /// <summary>Display name in result tables and logs; a loaded checkpoint is named after its version.</summary>
    new string Name { get; set; }

    /// <summary>The registered kind, written to the checkpoint manifest ("gru4rec", "sqn", "smorl", ...).</summary>
    string Kind { get; }

    /// <summary>Maps external item ids to the indices the model scores.</summary>
    ItemVocabulary Vocabulary { get; }

    Device Device { get; }

    /// <summary>Length of one session's flattened hidden state.</summary>
    int HiddenSize { get; }

    /// <summary>The state of a session before its first click: [rows, <see cref="HiddenSize"/>] on <see cref="Device"/>.</summary>
    Tensor InitialHidden(long rows);

    /// <summary>Advances flattened hidden states [rows, HiddenSize] by one item each (int64 [rows]); returns the new states.</summary>
    Tensor Advance(Tensor hidden, Tensor items);

    /// <summary>Scores of every item [rows, items] for flattened hidden states, from the head the model serves with.</summary>
    Tensor ScoreAll(Tensor hidden);

    /// <summary>Puts the model in inference mode (no dropout, frozen statistics) before it serves or is evaluated.</summary>
    void PrepareForInference();

    /// <summary>The manifest sections that describe this model's hyperparameters, so that its kind can rebuild it.</summary>
    ManifestSections DescribeForManifest();

    /// <summary>Writes the weights to <paramref name="path"/>, in the format the kind's loader reads.</summary>
    void SaveWeights(string path);

    /// <summary>
    /// A copy of this model whose vocabulary is this one's followed by <paramref name="newItemIds"/>, keeping every
    /// learned weight (all heads included); <paramref name="seed"/> initialises the new items' rows.
    /// </summary>
    /// <exception cref="ArgumentException">A new id is already in the vocabulary, or appears twice.</exception>
    ISessionModel ExtendVocabulary(IEnumerable<string> newItemIds, int seed);

    /// <summary>Trains this model further on <paramref name="train"/> (in its vocabulary) with its kind's own trainer.</summary>
    void ContinueTraining(SessionDataset train, ContinuedTraining settings, Action<EpochResult>? onEpoch = null, CancellationToken cancellationToken = default);
}
