namespace ActorRec.Cli.Faults;

/// <summary>What the harness does to the cluster.</summary>
internal enum FaultKind
{
    /// <summary>SIGKILL a silo and start it again on the same ports.</summary>
    SiloKill,

    /// <summary>SIGKILL Redis and start it again on the same port and folder (append-only file).</summary>
    RedisKill,

    /// <summary>DEBUG SLEEP: Redis answers nobody for a while.</summary>
    RedisStall,

    /// <summary>Activate the other model version through the ModelAdmin API (a hot swap, not a failure).</summary>
    Activation,
}
