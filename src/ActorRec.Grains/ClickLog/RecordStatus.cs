namespace ActorRec.Grains.ClickLog;

/// <summary>What <see cref="ClickLogFormat.TryReadRecord"/> found at a position.</summary>
internal enum RecordStatus
{
    /// <summary>A whole record with a matching checksum.</summary>
    Ok,

    /// <summary>The data ends inside the record.</summary>
    Incomplete,

    /// <summary>An impossible length, a checksum that does not match, or a payload that does not parse.</summary>
    Corrupt,
}
