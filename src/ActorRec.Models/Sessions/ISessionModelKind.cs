using static TorchSharp.torch;

namespace ActorRec.Models.Sessions;

/// <summary>One kind of session model: its manifest name and how to rebuild a model of that kind from a checkpoint.</summary>
public interface ISessionModelKind
{
    /// <summary>The manifest's "modelKind" value.</summary>
    string Name { get; }

    /// <summary>Builds the model from a checked checkpoint, on <paramref name="device"/> and in inference mode.</summary>
    /// <exception cref="Data.DataFileException">The manifest's sections or the weights do not describe a model of this kind.</exception>
    ISessionModel Load(StoredModel stored, Device device);
}
