namespace ActorRec.Models.Evaluation;

/// <summary>How a target that ties with other items in score is ranked.</summary>
public enum RankingRule
{
    /// <summary>Rank = 1 + number of items scoring strictly higher: ties resolve in the target's favour, as in the official GRU4Rec code.</summary>
    Standard,

    /// <summary>Rank = number of items scoring at least as high, the target included: ties count against it, so a constant scorer earns nothing.</summary>
    Conservative,
}
