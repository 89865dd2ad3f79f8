namespace ActorRec.Grains.Serving;

/// <summary>A new model version became active.</summary>
public sealed class ModelSwappedEventArgs(string? previousVersion, string currentVersion) : EventArgs
{
    /// <summary>The version that was active before, or null for the first activation.</summary>
    public string? PreviousVersion { get; } = previousVersion;

    public string CurrentVersion { get; } = currentVersion;
}
