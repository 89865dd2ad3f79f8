using System.Text.Json.Serialization;

namespace ActorRec.Models.Gru4Rec;

/// <summary>Training loss of GRU4Rec, as in the official implementation.</summary>
public enum Gru4RecLoss
{
    /// <summary>Softmax cross-entropy over the in-batch targets plus the sampled negatives ("cross-entropy").</summary>
    [JsonStringEnumMemberName("cross-entropy")]
    CrossEntropy,

    /// <summary>BPR-max with an ELU final activation and score regularisation ("bpr-max").</summary>
    [JsonStringEnumMemberName("bpr-max")]
    BprMax,
}
