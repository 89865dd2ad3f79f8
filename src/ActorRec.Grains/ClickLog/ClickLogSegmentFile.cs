using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace ActorRec.Grains.ClickLog;

/// <summary>Creates segment files and reopens the last one after a restart, cutting off a torn last record.</summary>
internal static partial class ClickLogSegmentFile
{
    /// <summary>How much recovery and readers read at once.</summary>
    public const int ReadChunkBytes = 256 * 1024;

    /// <summary>A new segment holding only its header, forced to disk.</summary>
    public static SafeFileHandle Create(string path)
    {
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        try
        {
            WriteHeader(handle);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens an existing segment for appending; <paramref name="length"/> is where the next record goes.</summary>
    public static SafeFileHandle OpenForAppend(string path, ILogger logger, out long length)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        try
        {
            length = Recover(handle, path, logger);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Returns the end of the last whole record of the segment, truncating what follows it: only the last segment can
    /// end torn, because a segment is forced to disk before the next one is created.
    /// </summary>
    private static long Recover(SafeFileHandle handle, string path, ILogger logger)
    {
        var length = RandomAccess.GetLength(handle);
        Span<byte> header = stackalloc byte[ClickLogFormat.HeaderBytes];
        var headerRead = RandomAccess.Read(handle, header, 0);
        if (headerRead < ClickLogFormat.HeaderBytes || !header.ContainsAnyExcept((byte)0) || !ClickLogFormat.IsHeader(header))
        {
            if (headerRead == ClickLogFormat.HeaderBytes && header.ContainsAnyExcept((byte)0))
            {
                throw new InvalidDataException($"'{path}' is not a click log segment (unknown header).");
            }

            // Created just before a crash, header not (or not all) on disk: start the segment over.
            LogTruncated(logger, path, length, 0);
            WriteHeader(handle);
            return ClickLogFormat.HeaderBytes;
        }

        var end = (long)ClickLogFormat.HeaderBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(ReadChunkBytes);
        try
        {
            var scanning = true;
            while (scanning && end < length)
            {
                var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - end)), end);
                var consumed = 0;
                while (true)
                {
                    var status = ClickLogFormat.TryReadRecord(buffer.AsSpan(consumed, read - consumed), out _, out var recordBytes);
                    if (status == RecordStatus.Ok)
                    {
                        consumed += recordBytes;
                        continue;
                    }

                    // Cut by the chunk: read on from it. Otherwise the end of what survived.
                    scanning = status == RecordStatus.Incomplete && end + read < length && consumed > 0;
                    break;
                }

                end += consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (end < length)
        {
            LogTruncated(logger, path, length, end);
            RandomAccess.SetLength(handle, end);
            RandomAccess.FlushToDisk(handle);
        }

        return end;
    }

    private static void WriteHeader(SafeFileHandle handle)
    {
        Span<byte> header = stackalloc byte[ClickLogFormat.HeaderBytes];
        ClickLogFormat.WriteHeader(header);
        RandomAccess.SetLength(handle, 0);
        RandomAccess.Write(handle, header, 0);
        RandomAccess.FlushToDisk(handle);
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Click log segment {Path} ended in a torn record (a crash during a write): truncated from {Length} to {ValidLength} bytes")]
    private static partial void LogTruncated(ILogger logger, string path, long length, long validLength);
}
