namespace ActorRec.Grains.Inference;

/// <summary>
/// A request's hidden state or item indices belong to another model version than the active one; the session
/// should rebuild its state from its history under <see cref="ActiveVersion"/>.
/// </summary>
public sealed class ModelVersionMismatchException(string requestVersion, string activeVersion)
    : Exception($"The request was made for model version '{requestVersion}' but '{activeVersion}' is active.")
{
    public string RequestVersion { get; } = requestVersion;

    public string ActiveVersion { get; } = activeVersion;
}
