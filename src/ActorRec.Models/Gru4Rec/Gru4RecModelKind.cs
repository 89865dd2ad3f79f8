using ActorRec.Models.Sessions;
using static TorchSharp.torch;

namespace ActorRec.Models.Gru4Rec;

/// <summary>GRU4Rec checkpoints: a GRU with the supervised head only.</summary>
internal sealed class Gru4RecModelKind : ISessionModelKind
{
    public string Name => Gru4RecModel.Gru4RecKind;

    public ISessionModel Load(StoredModel stored, Device device) => Gru4RecCheckpoint.Load(stored, device, qLearning: null);
}
