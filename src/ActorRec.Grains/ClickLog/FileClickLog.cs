using System.Buffers;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace ActorRec.Grains.ClickLog;

/// <summary>
/// The click log of a single silo: numbered segment files in one folder, appended by one writer thread that
/// group-commits whatever is queued with one write. An append completes once its record is in the operating system's
/// hands (and on disk, when <see cref="ClickLogOptions.FlushInterval"/> is zero); the disk is forced at least once per
/// flush interval. Reopening the folder truncates a torn last record left by a crash.
/// </summary>
/// <remarks>
/// One process writes a folder at a time: a lock file held for the log's lifetime makes a second writer fail at
/// start instead of interleaving records. The format is described in <see cref="ClickLogFormat"/>.
/// </remarks>
public sealed partial class FileClickLog : IClickLog, IDisposable
{
    private const string SegmentExtension = ".clicklog";
    private const string LockFileName = "writer.lock";

    /// <summary>A group commit writes at most about this much at once; more waits for the next write.</summary>
    private const int MaxGroupBytes = 1 << 20;

    private const int ReadChunkBytes = 256 * 1024;

    private readonly ClickLogOptions _options;
    private readonly ILogger<FileClickLog> _logger;
    private readonly ClickLogMetrics _metrics;
    private readonly Channel<PendingAppend> _queue;
    private readonly FileStream _lockFile;
    private readonly Thread _writer;
    private readonly long _flushIntervalTicks;

    // Retained segment numbers, oldest first; the last is the one being written. Read by readers, changed by the writer.
    private readonly Lock _segmentsLock = new();
    private readonly List<long> _segments = [];

    // Where readers must stop: the end of the last complete write. Replaced, never mutated, so a reader sees one pair.
    private volatile CommitPoint _commit;

    // Owned by the writer thread.
    private SafeFileHandle _active;
    private long _activeSegment;
    private long _activeLength;
    private long _unsyncedSince;
    private byte[] _buffer = new byte[64 * 1024];
    private Task<bool>? _waitForAppend;
    private Exception? _fault;

    private int _disposed;

    public FileClickLog(IOptions<ClickLogOptions> options, ILogger<FileClickLog> logger, IMeterFactory? meterFactory = null)
    {
        _options = options.Value;
        Validator.ValidateObject(_options, new ValidationContext(_options), validateAllProperties: true);
        _logger = logger;
        Directory = Path.GetFullPath(_options.Directory);
        _flushIntervalTicks = (long)(_options.FlushInterval.TotalSeconds * Stopwatch.Frequency);
        System.IO.Directory.CreateDirectory(Directory);
        _lockFile = LockDirectory(Directory);
        try
        {
            _active = Open();
        }
        catch
        {
            _lockFile.Dispose();
            throw;
        }

        _commit = new CommitPoint(_activeSegment, _activeLength);
        _metrics = new ClickLogMetrics(meterFactory);
        _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions
        {
            SingleReader = true,

            // The only continuation is the idle writer's wake-up; running it on the appender saves a pool hop.
            AllowSynchronousContinuations = true,
        });
        _writer = new Thread(Run) { IsBackground = true, Name = "actorrec-clicklog" };
        _writer.Start();
    }

    /// <summary>The folder of the segments, as a full path.</summary>
    public string Directory { get; }

    public ValueTask AppendAsync(LoggedClick click, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(click);
        ArgumentNullException.ThrowIfNull(click.SessionId);
        ArgumentNullException.ThrowIfNull(click.ItemId);
        ArgumentNullException.ThrowIfNull(click.EventType);
        var recordBytes = ClickLogFormat.RecordBytes(click);
        if (recordBytes - ClickLogFormat.RecordOverheadBytes > ClickLogFormat.MaxPayloadBytes)
        {
            throw new ArgumentException($"A click record is limited to {ClickLogFormat.MaxPayloadBytes} bytes; this one needs {recordBytes}.", nameof(click));
        }

        // Honoured only until the click is queued: a queued click may already be written, so it cannot be taken back.
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        var pending = new PendingAppend(click, recordBytes);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(FileClickLog), "The click log is closed.");
        }

        return new ValueTask(pending.Task);
    }

    /// <remarks>
    /// A position in a segment that retention has deleted since it was returned continues from the oldest retained
    /// click (the clicks in between are gone); a corrupt record in a closed segment throws <see cref="InvalidDataException"/>.
    /// </remarks>
    public Task<string?> ProbeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Volatile.Read(ref _fault) is { } fault ? $"the click log in {Directory} stopped taking appends: {fault.Message}" : null);

    public async Task<ClickLogPage> ReadAsync(string? position, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        // The commit point first: a segment list taken after it holds every segment it can name.
        var commit = _commit;
        var at = Start(position, commit);
        var clicks = new List<LoggedClick>(Math.Min(maxCount, 4096));
        var buffer = ArrayPool<byte>.Shared.Rent(ReadChunkBytes);
        try
        {
            while (clicks.Count < maxCount)
            {
                var active = at.Segment == commit.Segment;
                long end;
                try
                {
                    using var handle = File.OpenHandle(
                        SegmentPath(at.Segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);

                    // Closed segments are complete; the active one only up to the last write that finished.
                    end = active ? commit.Length : RandomAccess.GetLength(handle);
                    at = await ReadSegmentAsync(handle, at, end, buffer, clicks, maxCount, cancellationToken);
                }
                catch (FileNotFoundException) when (Oldest() > at.Segment)
                {
                    // Retention deleted the segment after this read began.
                    LogRetentionSkipped(_logger, at.ToString(), Oldest());
                    at = new SegmentPosition(Oldest(), ClickLogFormat.HeaderBytes);
                    continue;
                }

                if (active || at.Offset < end || NextSegment(at.Segment) is not { } next)
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

    /// <summary>Writes and forces to disk everything appended so far, then closes the files; later appends throw.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        if (Thread.CurrentThread != _writer)
        {
            _writer.Join();
        }

        _lockFile.Dispose();
        _metrics.Dispose();
    }

    private static FileStream LockDirectory(string directory)
    {
        try
        {
            return new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"Another process writes the click log in '{directory}'; each silo needs a folder of its own.", e);
        }
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
        var oldest = Oldest();
        if (string.IsNullOrEmpty(position))
        {
            return new SegmentPosition(oldest, ClickLogFormat.HeaderBytes);
        }

        var at = SegmentPosition.Parse(position);
        if (at.Segment > commit.Segment || (at.Segment == commit.Segment && at.Offset > commit.Length))
        {
            throw new ArgumentException($"Position '{position}' is beyond the end of the click log in '{Directory}' (it ends at {commit.Segment}:{commit.Length}).", nameof(position));
        }

        if (at.Segment < oldest)
        {
            LogRetentionSkipped(_logger, position, oldest);
            return new SegmentPosition(oldest, ClickLogFormat.HeaderBytes);
        }

        return at;
    }

    private long Oldest()
    {
        lock (_segmentsLock)
        {
            return _segments[0];
        }
    }

    private long? NextSegment(long segment)
    {
        lock (_segmentsLock)
        {
            foreach (var s in _segments)
            {
                if (s > segment)
                {
                    return s;
                }
            }

            return null;
        }
    }

    private string SegmentPath(long segment) => Path.Combine(Directory, segment.ToString("D12", CultureInfo.InvariantCulture) + SegmentExtension);

    /// <summary>Finds the segments, recovers the last one and opens it for appending; a fresh folder gets segment 1.</summary>
    private SafeFileHandle Open()
    {
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + SegmentExtension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var segment) && segment > 0)
            {
                _segments.Add(segment);
            }
        }

        _segments.Sort();
        if (_segments.Count == 0)
        {
            _segments.Add(1);
            _activeSegment = 1;
            _activeLength = ClickLogFormat.HeaderBytes;
            LogOpened(_logger, Directory, 1, _activeSegment, _activeLength);
            return CreateSegment(1);
        }

        _activeSegment = _segments[^1];
        var handle = File.OpenHandle(SegmentPath(_activeSegment), FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        try
        {
            _activeLength = Recover(handle, _activeSegment);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        LogOpened(_logger, Directory, _segments.Count, _activeSegment, _activeLength);
        return handle;
    }

    /// <summary>
    /// Returns the end of the last whole record of the segment, truncating what follows it: only the last segment can
    /// end torn, because a segment is forced to disk before the next one is created.
    /// </summary>
    private long Recover(SafeFileHandle handle, long segment)
    {
        var length = RandomAccess.GetLength(handle);
        Span<byte> header = stackalloc byte[ClickLogFormat.HeaderBytes];
        var headerRead = RandomAccess.Read(handle, header, 0);
        if (headerRead < ClickLogFormat.HeaderBytes || !header.ContainsAnyExcept((byte)0) || !ClickLogFormat.IsHeader(header))
        {
            if (headerRead == ClickLogFormat.HeaderBytes && header.ContainsAnyExcept((byte)0))
            {
                throw new InvalidDataException($"'{SegmentPath(segment)}' is not a click log segment (unknown header).");
            }

            // Created just before a crash, header not (or not all) on disk: start the segment over.
            LogTruncated(_logger, SegmentPath(segment), length, 0);
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
            LogTruncated(_logger, SegmentPath(segment), length, end);
            RandomAccess.SetLength(handle, end);
            RandomAccess.FlushToDisk(handle);
        }

        return end;
    }

    private SafeFileHandle CreateSegment(long segment)
    {
        var handle = File.OpenHandle(SegmentPath(segment), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
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

    private static void WriteHeader(SafeFileHandle handle)
    {
        Span<byte> header = stackalloc byte[ClickLogFormat.HeaderBytes];
        ClickLogFormat.WriteHeader(header);
        RandomAccess.SetLength(handle, 0);
        RandomAccess.Write(handle, header, 0);
        RandomAccess.FlushToDisk(handle);
    }

    private void Run()
    {
        var group = new List<PendingAppend>();
        try
        {
            while (Collect(group))
            {
                Commit(group);
                group.Clear();
            }
        }
        finally
        {
            Close();
        }
    }

    /// <summary>
    /// Takes what is queued, up to <see cref="MaxGroupBytes"/>; when nothing is, sleeps until an append arrives,
    /// forcing written data to disk when its flush interval runs out meanwhile. False once the log is closed and drained.
    /// </summary>
    private bool Collect(List<PendingAppend> group)
    {
        var reader = _queue.Reader;
        while (true)
        {
            var bytes = 0;
            while (bytes < MaxGroupBytes && reader.TryRead(out var next))
            {
                group.Add(next);
                bytes += next.RecordBytes;
            }

            if (group.Count > 0)
            {
                return true;
            }

            var timeout = Timeout.InfiniteTimeSpan;
            if (_unsyncedSince != 0)
            {
                var due = _unsyncedSince + _flushIntervalTicks - Stopwatch.GetTimestamp();
                if (due <= 0)
                {
                    Sync();
                    continue;
                }

                // Rounded up: a wait shorter than the timer's millisecond would return at once and spin.
                timeout = TimeSpan.FromMilliseconds(Math.Ceiling(due * 1000.0 / Stopwatch.Frequency));
            }

            // A wait that timed out stays registered with the channel and is waited on again, so there is one waiter.
            _waitForAppend ??= reader.WaitToReadAsync().AsTask();
            if (!_waitForAppend.Wait(timeout))
            {
                continue;
            }

            var more = _waitForAppend.Result;
            _waitForAppend = null;
            if (!more)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Writes the group, rolling segments as they fill, and answers its appenders once it is written (and forced to
    /// disk, with a zero flush interval); a periodic flush that has come due runs after they are answered.
    /// </summary>
    private void Commit(List<PendingAppend> group)
    {
        if (_fault is { } fault)
        {
            Fail(group, fault);
            return;
        }

        try
        {
            var done = 0;
            while (done < group.Count)
            {
                var (end, bytes) = Encode(group, done);
                if (end == done)
                {
                    Roll();
                    continue;
                }

                RandomAccess.Write(_active, _buffer.AsSpan(0, bytes), _activeLength);
                _activeLength += bytes;
                _commit = new CommitPoint(_activeSegment, _activeLength);
                _metrics.Committed(end - done);
                done = end;
            }

            if (_unsyncedSince == 0)
            {
                _unsyncedSince = Stopwatch.GetTimestamp();
            }

            // With no flush interval the guarantee is the disk, so the group waits for it; otherwise the data is in
            // the operating system's hands now, which is the promise, and the periodic flush below need not delay it.
            if (_flushIntervalTicks == 0)
            {
                RandomAccess.FlushToDisk(_active);
                _unsyncedSince = 0;
            }
        }
        catch (Exception e)
        {
            // Any failure here leaves it unknown what reached the disk, so stop taking appends rather than guess: what
            // the log holds up to the failure stays readable, a restart truncates whatever this write left half done,
            // and callers see the error meanwhile.
            _fault = e;
            LogFailed(_logger, e, Directory);
            Fail(group, e);
            return;
        }

        _metrics.Appended(group.Count);
        foreach (var pending in group)
        {
            pending.TrySetResult();
        }

        if (_unsyncedSince != 0 && Stopwatch.GetTimestamp() - _unsyncedSince >= _flushIntervalTicks)
        {
            Sync();
        }
    }

    /// <summary>Encodes the appends from <paramref name="start"/> on that fit the active segment; returns where it stopped and the bytes.</summary>
    private (int End, int Bytes) Encode(List<PendingAppend> group, int start)
    {
        var bytes = 0;
        var end = start;
        while (end < group.Count)
        {
            var recordBytes = group[end].RecordBytes;

            // A record always goes into an empty segment, however large, so that a roll always makes progress.
            var written = _activeLength + bytes;
            if (written + recordBytes > _options.SegmentBytes && written > ClickLogFormat.HeaderBytes)
            {
                break;
            }

            if (bytes + recordBytes > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, bytes + recordBytes));
            }

            ClickLogFormat.WriteRecord(group[end].Click, _buffer.AsSpan(bytes, recordBytes));
            bytes += recordBytes;
            end++;
        }

        return (end, bytes);
    }

    /// <summary>Closes the full segment (forced to disk first), starts the next and deletes segments beyond retention.</summary>
    private void Roll()
    {
        RandomAccess.FlushToDisk(_active);
        _unsyncedSince = 0;
        var next = _activeSegment + 1;

        // Created before the full one is closed, so that a failure leaves the writer holding an open segment.
        var created = CreateSegment(next);
        _active.Dispose();
        _active = created;
        _activeSegment = next;
        _activeLength = ClickLogFormat.HeaderBytes;
        long[] expired;
        lock (_segmentsLock)
        {
            _segments.Add(next);

            // Out of the list before the files go, so that new reads no longer start in them.
            var excess = _segments.Count - 1 - _options.RetainSegments;
            expired = excess > 0 ? [.. _segments.Take(excess)] : [];
            _segments.RemoveRange(0, expired.Length);
        }

        _commit = new CommitPoint(_activeSegment, _activeLength);
        foreach (var segment in expired)
        {
            try
            {
                File.Delete(SegmentPath(segment));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left behind: the next start finds it as the oldest segment and retention deletes it on the next roll.
                LogDeleteFailed(_logger, e, SegmentPath(segment));
            }
        }
    }

    private void Sync()
    {
        try
        {
            RandomAccess.FlushToDisk(_active);
            _unsyncedSince = 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // After a failed fsync the kernel may have dropped the dirty pages: nothing later can be trusted to land.
            _fault ??= e;
            LogFailed(_logger, e, Directory);
        }
    }

    private void Close()
    {
        try
        {
            if (_fault is null)
            {
                RandomAccess.FlushToDisk(_active);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogFailed(_logger, e, Directory);
        }
        finally
        {
            _active.Dispose();
            while (_queue.Reader.TryRead(out var pending))
            {
                pending.TrySetException(new ObjectDisposedException(nameof(FileClickLog), "The click log closed before this click was written."));
            }
        }
    }

    private void Fail(List<PendingAppend> group, Exception exception)
    {
        _metrics.Failed(group.Count);
        foreach (var pending in group)
        {
            pending.TrySetException(exception);
        }
    }

    /// <summary>The end of the last complete write: segment number and its length in bytes.</summary>
    private sealed record CommitPoint(long Segment, long Length);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Click log in {Directory}: {Segments} segment(s), appending to segment {Segment} at byte {Length}")]
    private static partial void LogOpened(ILogger logger, string directory, int segments, long segment, long length);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Click log segment {Path} ended in a torn record (a crash during a write): truncated from {Length} to {ValidLength} bytes")]
    private static partial void LogTruncated(ILogger logger, string path, long length, long validLength);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The click log in {Directory} failed to write and takes no more appends until the process restarts")]
    private static partial void LogFailed(ILogger logger, Exception exception, string directory);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Could not delete the expired click log segment {Path}")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Click log position {Position} is in a segment retention deleted; reading on from the oldest retained segment, {Oldest}")]
    private static partial void LogRetentionSkipped(ILogger logger, string position, long oldest);
}
