namespace ActorRec.Models.Data;

/// <summary>How a time column is written; every reader converts to seconds since the Unix epoch.</summary>
public enum TimestampFormat
{
    /// <summary>Seconds since the Unix epoch, fractions allowed ("1396437466.94").</summary>
    UnixSeconds,

    /// <summary>Milliseconds since the Unix epoch.</summary>
    UnixMilliseconds,

    /// <summary>An ISO 8601 date-time ("2018-03-01 00:00:06", "2016-05-09T10:00:00Z"); UTC unless an offset is given.</summary>
    IsoDateTime,
}
