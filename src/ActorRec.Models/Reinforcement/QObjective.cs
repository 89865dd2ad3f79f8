using System.Text.Json.Serialization;

namespace ActorRec.Models.Reinforcement;

/// <summary>What a Q head is rewarded for.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QObjective>))]
public enum QObjective
{
    /// <summary>The logged reward of the event type (SQN's only head).</summary>
    Accuracy,

    /// <summary>1 - cosine similarity, under a frozen embedding, of the session's last item and the top-1 prediction.</summary>
    Diversity,

    /// <summary>1 when the top-1 prediction is a long-tail (less popular) item, else 0.</summary>
    Novelty,
}
