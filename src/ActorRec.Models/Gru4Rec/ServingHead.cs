namespace ActorRec.Models.Gru4Rec;

/// <summary>Which head of a model with Q heads ranks the items it recommends.</summary>
public enum ServingHead
{
    /// <summary>The cross-entropy (next-item) head, as the SQN and SMORL papers recommend.</summary>
    Supervised,

    /// <summary>The Q-values, summed over the heads with the scalarisation weights.</summary>
    Q,
}
