namespace ActorRec.Grains.Runtime;

/// <summary>Names of the grain storage providers the host must register.</summary>
public static class GrainStorageNames
{
    /// <summary>Session state (hidden state, history, last answer): Redis when configured, else memory.</summary>
    public const string Sessions = "sessions";

    /// <summary>The cluster's model registry (which version is active).</summary>
    public const string Registry = "registry";
}
