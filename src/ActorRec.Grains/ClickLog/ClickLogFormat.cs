using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace ActorRec.Grains.ClickLog;

/// <summary>
/// The file log's on-disk format. A segment starts with an 8-byte header ("ARCL", format version as uint32 LE) and
/// holds records back to back. A record is: CRC-32 of the rest of the record (uint32 LE), payload length (uint32 LE),
/// payload: seq (int64 LE), timestamp in Unix ms (int64 LE), then session id, item id and event type, each as a byte
/// length (int32 LE) and UTF-8 bytes.
/// </summary>
/// <remarks>
/// The checksum covers the length field too, so that a torn tail is never read as a record: a length written
/// before the crash with a payload that was not, or a stretch of zeros the file system left, both fail it.
/// </remarks>
internal static class ClickLogFormat
{
    public const int HeaderBytes = 8;

    /// <summary>Checksum and length fields in front of each payload.</summary>
    public const int RecordOverheadBytes = 8;

    /// <summary>A payload with three empty strings.</summary>
    public const int MinPayloadBytes = 8 + 8 + (3 * 4);

    /// <summary>Largest payload written or accepted; far above a click's (ids are capped at 256 characters by the API).</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    private const uint Version = 1;

    private static ReadOnlySpan<byte> Magic => "ARCL"u8;

    public static void WriteHeader(Span<byte> destination)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Version);
    }

    public static bool IsHeader(ReadOnlySpan<byte> source) =>
        source.Length >= HeaderBytes && source[..4].SequenceEqual(Magic) && BinaryPrimitives.ReadUInt32LittleEndian(source[4..]) == Version;

    /// <summary>Bytes the record of <paramref name="click"/> takes, length and checksum fields included.</summary>
    public static int RecordBytes(LoggedClick click) =>
        RecordOverheadBytes + MinPayloadBytes
        + Encoding.UTF8.GetByteCount(click.SessionId) + Encoding.UTF8.GetByteCount(click.ItemId) + Encoding.UTF8.GetByteCount(click.EventType);

    /// <summary>Writes the record of <paramref name="click"/>, exactly <see cref="RecordBytes"/> long, to <paramref name="destination"/>.</summary>
    public static void WriteRecord(LoggedClick click, Span<byte> destination)
    {
        var payload = destination[RecordOverheadBytes..];
        BinaryPrimitives.WriteInt64LittleEndian(payload, click.Seq);
        BinaryPrimitives.WriteInt64LittleEndian(payload[8..], click.TimestampUnixMs);
        var written = 16;
        written += WriteString(click.SessionId, payload[written..]);
        written += WriteString(click.ItemId, payload[written..]);
        written += WriteString(click.EventType, payload[written..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)written);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Crc32.HashToUInt32(destination[4..(RecordOverheadBytes + written)]));
    }

    /// <summary>
    /// Reads the record at the start of <paramref name="source"/>. <see cref="RecordStatus.Incomplete"/>: the source
    /// ends inside it; <see cref="RecordStatus.Corrupt"/>: its length is impossible or its checksum does not match.
    /// </summary>
    public static RecordStatus TryReadRecord(ReadOnlySpan<byte> source, out LoggedClick? click, out int recordBytes)
    {
        click = null;
        recordBytes = 0;
        if (source.Length < RecordOverheadBytes)
        {
            return RecordStatus.Incomplete;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        if (length is < MinPayloadBytes or > MaxPayloadBytes)
        {
            return RecordStatus.Corrupt;
        }

        if (source.Length < RecordOverheadBytes + (int)length)
        {
            // A torn length field could still claim a plausible length; the caller tells an incomplete tail from a
            // corrupt one by whether more data exists.
            return RecordStatus.Incomplete;
        }

        var payload = source.Slice(RecordOverheadBytes, (int)length);
        if (BinaryPrimitives.ReadUInt32LittleEndian(source) != Crc32.HashToUInt32(source[4..(RecordOverheadBytes + (int)length)]))
        {
            return RecordStatus.Corrupt;
        }

        var seq = BinaryPrimitives.ReadInt64LittleEndian(payload);
        var timestamp = BinaryPrimitives.ReadInt64LittleEndian(payload[8..]);
        var rest = payload[16..];
        if (!TryReadString(ref rest, out var sessionId) || !TryReadString(ref rest, out var itemId) || !TryReadString(ref rest, out var eventType) || !rest.IsEmpty)
        {
            // The checksum matched a payload this code did not write: a bug or a foreign file, not a torn write.
            return RecordStatus.Corrupt;
        }

        click = new LoggedClick(sessionId, seq, itemId, eventType, timestamp);
        recordBytes = RecordOverheadBytes + (int)length;
        return RecordStatus.Ok;
    }

    private static int WriteString(string value, Span<byte> destination)
    {
        var count = Encoding.UTF8.GetBytes(value, destination[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination, count);
        return 4 + count;
    }

    private static bool TryReadString(ref ReadOnlySpan<byte> source, out string value)
    {
        value = "";
        if (source.Length < 4)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(source);
        if (count < 0 || count > source.Length - 4)
        {
            return false;
        }

        value = Encoding.UTF8.GetString(source.Slice(4, count));
        source = source[(4 + count)..];
        return true;
    }
}
