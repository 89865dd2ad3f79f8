namespace ActorRec.Cli.LoadTest;

/// <summary>How the load generator paces its clicks.</summary>
internal enum LoadMode
{
    /// <summary>Each session sends its next click only after the answer to its previous one.</summary>
    Closed,

    /// <summary>Clicks go out on a fixed schedule whatever the server's answers, as independent users would send them.</summary>
    Open,

    /// <summary>
    /// Closed loop through ActorRec.Client: one session at a time per stream, each on its own gRPC stream, with the
    /// client's retries (same seq) and failover across the endpoints.
    /// </summary>
    Client,
}
