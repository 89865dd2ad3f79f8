using ActorRec.Models.Data;

namespace ActorRec.Grains.Training;

/// <summary>What a retraining run trains and evaluates on, in the candidate's vocabulary.</summary>
/// <param name="Vocabulary">The active model's items, in their order, followed by the new items.</param>
/// <param name="Train">Base sessions (oldest first) followed by the logged sessions that were not held out.</param>
/// <param name="Holdout">The newest logged sessions, restricted to the candidate's items.</param>
/// <param name="NewItems">Items appended to the active model's vocabulary.</param>
/// <param name="BaseSessions">Sessions of <paramref name="Train"/> that came from the base data set.</param>
internal sealed record TrainingSet(ItemVocabulary Vocabulary, SessionDataset Train, SessionDataset Holdout, int NewItems, int BaseSessions);
