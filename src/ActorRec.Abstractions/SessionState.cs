namespace ActorRec.Abstractions;

/// <summary>The persisted state of a session grain; a storage contract in Redis, so its ids never change meaning.</summary>
[GenerateSerializer]
[Alias("actorrec.SessionState")]
public sealed class SessionState
{
    /// <summary>Version id of the model that produced <see cref="Hidden"/>; empty for a fresh session.</summary>
    [Id(0)]
    public string ModelVersion { get; set; } = "";

    /// <summary>The model's hidden state, all layers flattened in layer order; empty for a fresh session.</summary>
    [Id(1)]
    public float[] Hidden { get; set; } = [];

    /// <summary>External ids of the session's items, oldest first, capped to the configured length; replayed when the model changes.</summary>
    [Id(2)]
    public List<string> History { get; set; } = [];

    /// <summary>Seq of the latest applied event; 0 before the first one.</summary>
    [Id(3)]
    public long LastSeq { get; set; }

    /// <summary>The answer to the latest applied event, returned again for retries of it.</summary>
    [Id(4)]
    public SessionRecommendation? LastResponse { get; set; }

    /// <summary>When the state last changed, in Unix milliseconds; drives idle-session expiry.</summary>
    [Id(5)]
    public long UpdatedAtUnixMs { get; set; }

    /// <summary>
    /// For each id of <see cref="History"/>, in the same order, whether the model did not know it when it was clicked,
    /// so that the ids kept only because they were clicked can be capped. States stored before this field existed
    /// have it empty: their ids count as known.
    /// </summary>
    [Id(6)]
    public List<bool> HistoryUnknown { get; set; } = [];
}
