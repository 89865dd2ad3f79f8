using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorRec.Grains.ClickLog;

/// <summary>
/// The click log of a single silo: numbered segment files in one folder, appended by one writer thread that
/// group-commits whatever is queued with one write. An append completes once its record is in the operating system's
/// hands (and on disk, when <see cref="ClickLogOptions.FlushInterval"/> is zero); the disk is forced at least once per
/// flush interval. Reopening the folder truncates a torn last record left by a crash.
/// </summary>
/// <remarks>
/// One process writes a folder at a time: a lock file held for the log's lifetime makes a second writer fail at
/// start instead of interleaving records. The format is described in <see cref="ClickLogFormat"/>; the parts are the
/// folder lock (<see cref="ClickLogFolderLock"/>), the segment list (<see cref="ClickLogSegments"/>), segment files and
/// their recovery (<see cref="ClickLogSegmentFile"/>), the writer thread (<see cref="ClickLogWriter"/>) and the reader
/// (<see cref="ClickLogReader"/>).
/// </remarks>
public sealed class FileClickLog : IClickLog, IDisposable
{
    private readonly ClickLogFolderLock _lock;
    private readonly ClickLogWriter _writer;
    private readonly ClickLogReader _reader;
    private int _disposed;

    public FileClickLog(IOptions<ClickLogOptions> options, ILogger<FileClickLog> logger, IMeterFactory? meterFactory = null)
    {
        var settings = options.Value;
        Validator.ValidateObject(settings, new ValidationContext(settings), validateAllProperties: true);
        Directory = Path.GetFullPath(settings.Directory);
        System.IO.Directory.CreateDirectory(Directory);
        _lock = ClickLogFolderLock.Acquire(Directory);
        try
        {
            var segments = new ClickLogSegments(Directory);
            _writer = new ClickLogWriter(segments, settings, logger, meterFactory);
            _reader = new ClickLogReader(segments, _writer, logger);
        }
        catch
        {
            _lock.Dispose();
            throw;
        }
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
        if (!_writer.TryEnqueue(pending))
        {
            throw new ObjectDisposedException(nameof(FileClickLog), "The click log is closed.");
        }

        return new ValueTask(pending.Task);
    }

    public Task<string?> ProbeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_writer.Fault is { } fault ? $"the click log in {Directory} stopped taking appends: {fault.Message}" : null);

    /// <inheritdoc cref="ClickLogReader.ReadAsync"/>
    public Task<ClickLogPage> ReadAsync(string? position, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _reader.ReadAsync(position, maxCount, cancellationToken);
    }

    /// <summary>Writes and forces to disk everything appended so far, then closes the files; later appends throw.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _writer.Dispose();
        _lock.Dispose();
    }
}
