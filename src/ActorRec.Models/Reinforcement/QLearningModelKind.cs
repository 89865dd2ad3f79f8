using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Sessions;
using static TorchSharp.torch;

namespace ActorRec.Models.Reinforcement;

/// <summary>SQN and SMORL checkpoints: the GRU of GRU4Rec with Q heads described by the manifest's qLearning section.</summary>
internal sealed class QLearningModelKind(string name) : ISessionModelKind
{
    public string Name { get; } = name;

    public ISessionModel Load(StoredModel stored, Device device)
    {
        var qLearning = Checkpoint.BindSection<QLearningOptions>(stored, "qLearning", stored.Manifest.QLearning, o => o.Validate())
            ?? throw new DataFileException(stored.ManifestPath, null, $"a {Name} checkpoint needs its qLearning options.");
        return Gru4RecCheckpoint.Load(stored, device, qLearning);
    }
}
