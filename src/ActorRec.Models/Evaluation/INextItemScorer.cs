namespace ActorRec.Models.Evaluation;

/// <summary>Anything that scores every catalog item as the next event of many sessions at once: models and baselines.</summary>
public interface INextItemScorer
{
    /// <summary>Display name in result tables.</summary>
    string Name { get; }

    int ItemCount { get; }

    /// <summary>Starts a session-parallel scoring run with a fixed number of slots, each walking one session at a time.</summary>
    IScoringBatch StartBatch(int slots);
}
