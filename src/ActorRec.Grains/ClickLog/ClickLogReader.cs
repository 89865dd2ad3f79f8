using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace ActorRec.Grains.ClickLog;

/// <summary>
/// Reads the file log's segments from a position up to the writer's commit point, following segments as they roll
/// and skipping those retention deleted. Any number of reads may run while the writer appends.
/// </summary>
internal sealed partial class ClickLogReader(ClickLogSegments segments, ClickLogWriter writer, ILogger logger)
{
    /// <remarks>
    /// A position in a segment that retention has deleted since it was returned continues from the oldest retained
    /// click (the clicks in between are gone); a corrupt record in a closed segment throws <see cref="InvalidDataException"/>.
    /// </remarks>
    public async Task<ClickLogPage> ReadAsync(string? position, int maxCount, CancellationToken cancellationToken)
    {
        // The commit point first: a segment list taken after it holds every segment it can name.
        var commit = writer.Commit;
        var at = Start(position, commit);
        var clicks = new List<LoggedClick>(Math.Min(maxCount, 4096));
        var buffer = ArrayPool<byte>.Shared.Rent(ClickLogSegmentFile.ReadChunkBytes);
        try
        {
            while (clicks.Count < maxCount)
            {
                var active = at.Segment == commit.Segment;
                long end;
                try
                {
                    using var handle = File.OpenHandle(
                        segments.PathOf(at.Segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);

                    // Closed segments are complete; the active one only up to the last write that finished.
                    end = active ? commit.Length : RandomAccess.GetLength(handle);
                    at = await ReadSegmentAsync(handle, at, end, buffer, clicks, maxCount, cancellationToken);
                }
                catch (FileNotFoundException) when (segments.Oldest > at.Segment)
                {
                    // Retention deleted the segment after this read began.
                    LogRetentionSkipped(logger, at.ToString(), segments.Oldest);
                    at = new SegmentPosition(segments.Oldest, ClickLogFormat.HeaderBytes);
                    continue;
                }

                if (active || at.Offset < end || segments.After(at.Segment) is not { } next)
                {
                    break;
                }

                at = new SegmentPosition(next, ClickLogFormat.HeaderBytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new ClickLogPage(clicks, clicks.Count == 0 ? position ?? "" : at.ToString());
    }

    private static async Task<SegmentPosition> ReadSegmentAsync(
        SafeFileHandle handle, SegmentPosition at, long end, byte[] buffer, List<LoggedClick> clicks, int maxCount, CancellationToken cancellationToken)
    {
        var offset = at.Offset;
        while (clicks.Count < maxCount && offset < end)
        {
            var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, (int)Math.Min(buffer.Length, end - offset)), offset, cancellationToken);
            if (read == 0)
            {
                throw new InvalidDataException($"Click log segment {at.Segment} ends at byte {offset}, before {end}.");
            }

            var consumed = 0;
            while (clicks.Count < maxCount)
            {
                var status = ClickLogFormat.TryReadRecord(buffer.AsSpan(consumed, read - consumed), out var click, out var recordBytes);
                if (status == RecordStatus.Ok)
                {
                    clicks.Add(click!);
                    consumed += recordBytes;
                    continue;
                }

                // A record cut by the chunk boundary is read whole with the next chunk, which starts at it.
                if (status == RecordStatus.Incomplete && offset + read < end && consumed > 0)
                {
                    break;
                }

                // Every byte up to the end was a whole record.
                if (status == RecordStatus.Incomplete && consumed == read && offset + read == end)
                {
                    break;
                }

                throw new InvalidDataException($"Click log segment {at.Segment} holds a corrupt or incomplete record at byte {offset + consumed}.");
            }

            offset += consumed;
        }

        return at with { Offset = offset };
    }

    private SegmentPosition Start(string? position, CommitPoint commit)
    {
        var oldest = segments.Oldest;
        if (string.IsNullOrEmpty(position))
        {
            return new SegmentPosition(oldest, ClickLogFormat.HeaderBytes);
        }

        var at = SegmentPosition.Parse(position);
        if (at.Segment > commit.Segment || (at.Segment == commit.Segment && at.Offset > commit.Length))
        {
            throw new ArgumentException(
                $"Position '{position}' is beyond the end of the click log in '{segments.Directory}' (it ends at {commit.Segment}:{commit.Length}).", nameof(position));
        }

        if (at.Segment < oldest)
        {
            LogRetentionSkipped(logger, position, oldest);
            return new SegmentPosition(oldest, ClickLogFormat.HeaderBytes);
        }

        return at;
    }

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Click log position {Position} is in a segment retention deleted; reading on from the oldest retained segment, {Oldest}")]
    private static partial void LogRetentionSkipped(ILogger logger, string position, long oldest);
}
