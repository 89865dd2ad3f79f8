using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using ActorRec.Grains.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace ActorRec.Grains.ClickLog;

/// <summary>
/// The file log's writer thread: group-commits whatever appends are queued with one write to the active segment,
/// rolls to a new segment when it fills, deletes segments beyond retention and forces the disk at least once per
/// flush interval.
/// </summary>
internal sealed partial class ClickLogWriter : IDisposable
{
    /// <summary>A group commit writes at most about this much at once; more waits for the next write.</summary>
    private const int MaxGroupBytes = 1 << 20;

    private readonly ClickLogSegments _segments;
    private readonly ClickLogOptions _options;
    private readonly ILogger _logger;
    private readonly ClickLogMetrics _metrics;
    private readonly Channel<PendingAppend> _queue;
    private readonly ChannelWaiter<PendingAppend> _waiter;
    private readonly Thread _thread;
    private readonly long _flushIntervalTicks;

    private volatile CommitPoint _commit;

    // Owned by the writer thread.
    private SafeFileHandle _active;
    private long _activeSegment;
    private long _activeLength;
    private long _unsyncedSince;
    private byte[] _buffer = new byte[64 * 1024];
    private Exception? _fault;

    /// <summary>Recovers the last segment (a fresh folder gets segment 1) and starts the thread that appends to it.</summary>
    public ClickLogWriter(ClickLogSegments segments, ClickLogOptions options, ILogger logger, IMeterFactory? meterFactory)
    {
        _segments = segments;
        _options = options;
        _logger = logger;
        _flushIntervalTicks = (long)(options.FlushInterval.TotalSeconds * Stopwatch.Frequency);
        _active = OpenActive();
        _commit = new CommitPoint(_activeSegment, _activeLength);
        _metrics = new ClickLogMetrics(meterFactory);
        _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions
        {
            SingleReader = true,

            // The only continuation is the idle writer's wake-up; running it on the appender saves a pool hop.
            AllowSynchronousContinuations = true,
        });
        _waiter = new ChannelWaiter<PendingAppend>(_queue.Reader);
        _thread = new Thread(Run) { IsBackground = true, Name = "actorrec-clicklog" };
        _thread.Start();
    }

    /// <summary>Where readers must stop: the end of the last complete write.</summary>
    public CommitPoint Commit => _commit;

    /// <summary>The error that stopped the writer taking appends; null while it takes them.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Queues an append for the next group commit; false once the writer is closed.</summary>
    public bool TryEnqueue(PendingAppend pending) => _queue.Writer.TryWrite(pending);

    /// <summary>Writes and forces to disk everything queued so far, then closes the active segment.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _metrics.Dispose();
    }

    private SafeFileHandle OpenActive()
    {
        if (_segments.Last is not { } last)
        {
            _segments.Add(1, _options.RetainSegments);
            _activeSegment = 1;
            _activeLength = ClickLogFormat.HeaderBytes;
            LogOpened(_logger, _segments.Directory, 1, _activeSegment, _activeLength);
            return ClickLogSegmentFile.Create(_segments.PathOf(1));
        }

        _activeSegment = last;
        var handle = ClickLogSegmentFile.OpenForAppend(_segments.PathOf(last), _logger, out _activeLength);
        LogOpened(_logger, _segments.Directory, _segments.Count, _activeSegment, _activeLength);
        return handle;
    }

    private void Run()
    {
        var group = new List<PendingAppend>();
        try
        {
            while (Collect(group))
            {
                Write(group);
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

            if (_waiter.Wait(timeout, out var more) && !more)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Writes the group, rolling segments as they fill, and answers its appenders once it is written (and forced to
    /// disk, with a zero flush interval); a periodic flush that has come due runs after they are answered.
    /// </summary>
    private void Write(List<PendingAppend> group)
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
            LogFailed(_logger, e, _segments.Directory);
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
        var created = ClickLogSegmentFile.Create(_segments.PathOf(next));
        _active.Dispose();
        _active = created;
        _activeSegment = next;
        _activeLength = ClickLogFormat.HeaderBytes;
        var expired = _segments.Add(next, _options.RetainSegments);
        _commit = new CommitPoint(_activeSegment, _activeLength);
        foreach (var segment in expired)
        {
            try
            {
                File.Delete(_segments.PathOf(segment));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left behind: the next start finds it as the oldest segment and retention deletes it on the next roll.
                LogDeleteFailed(_logger, e, _segments.PathOf(segment));
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
            LogFailed(_logger, e, _segments.Directory);
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
            LogFailed(_logger, e, _segments.Directory);
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

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Click log in {Directory}: {Segments} segment(s), appending to segment {Segment} at byte {Length}")]
    private static partial void LogOpened(ILogger logger, string directory, int segments, long segment, long length);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The click log in {Directory} failed to write and takes no more appends until the process restarts")]
    private static partial void LogFailed(ILogger logger, Exception exception, string directory);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Could not delete the expired click log segment {Path}")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string path);
}
