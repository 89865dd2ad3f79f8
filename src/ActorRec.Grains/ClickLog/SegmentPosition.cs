using System.Globalization;

namespace ActorRec.Grains.ClickLog;

/// <summary>A byte offset in a numbered segment of the file log; written "segment:offset" as the log's opaque position.</summary>
internal readonly record struct SegmentPosition(long Segment, long Offset)
{
    public static SegmentPosition Parse(string position)
    {
        var colon = position.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0
            && long.TryParse(position.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var segment)
            && long.TryParse(position.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            && segment > 0
            && offset >= ClickLogFormat.HeaderBytes)
        {
            return new SegmentPosition(segment, offset);
        }

        throw new ArgumentException($"'{position}' is not a position of the file click log (use the Next of a page it returned).", nameof(position));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Segment}:{Offset}");
}
