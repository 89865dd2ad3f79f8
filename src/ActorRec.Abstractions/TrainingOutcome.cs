namespace ActorRec.Abstractions;

/// <summary>How a retraining run ended.</summary>
[GenerateSerializer]
[Alias("actorrec.TrainingOutcome")]
public enum TrainingOutcome
{
    /// <summary>The candidate passed the quality gate, was saved to the model store and activated.</summary>
    Promoted = 1,

    /// <summary>The run finished but the candidate was not activated: it failed the gate, or there was too little data to judge it.</summary>
    Rejected = 2,

    /// <summary>The run stopped on an error or was cancelled; nothing was published.</summary>
    Failed = 3,
}
