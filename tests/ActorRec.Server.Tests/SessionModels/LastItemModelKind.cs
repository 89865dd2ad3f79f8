using ActorRec.Models.Sessions;
using static TorchSharp.torch;

namespace ActorRec.Server.Tests.SessionModels;

/// <summary>Loads <see cref="LastItemModel"/> checkpoints; registered by the tests that use it.</summary>
internal sealed class LastItemModelKind : ISessionModelKind
{
    public string Name => LastItemModel.KindName;

    public ISessionModel Load(StoredModel stored, Device device) => LastItemModel.Read(stored.WeightsPath, stored.Vocabulary);
}
