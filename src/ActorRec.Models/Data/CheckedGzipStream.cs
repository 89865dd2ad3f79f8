using System.Buffers.Binary;
using System.IO.Compression;

namespace ActorRec.Models.Data;

/// <summary>
/// Decompresses a gzip file (errors as <see cref="DataFileException"/> naming the line the data stopped in) and, at its end, checks the length the gzip trailer records against the bytes it gave:
/// .NET's <see cref="GZipStream"/> ends a truncated file quietly, which would pass half a log off as the whole.
/// </summary>
/// <remarks>
/// The trailer is the last member's, so a file of several concatenated gzip members (bgzip, <c>cat a.gz b.gz</c>)
/// reads as truncated; recompress such a file in one piece.
/// </remarks>
internal sealed class CheckedGzipStream : Stream
{
    private const int TrailerLength = 8;

    private readonly FileStream _file;
    private readonly string _path;
    private readonly GZipStream _gzip;
    private long _length;
    private long _lines = 1;
    private bool _checked;

    public CheckedGzipStream(FileStream file, string path)
    {
        _file = file;
        _path = path;
        _gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
    }

    /// <summary>Whether a file starts with the gzip magic bytes; the stream is left where it was.</summary>
    public static bool IsGzip(Stream stream)
    {
        Span<byte> magic = stackalloc byte[2];
        var position = stream.Position;
        var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = position;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException(_path, _lines, $"not valid gzip data ({e.Message}); the file is damaged.", e);
        }

        _length += read;
        _lines += buffer[..read].Count((byte)'\n');
        if (read == 0 && buffer.Length > 0)
        {
            CheckTrailer();
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <exception cref="DataFileException">The data ends before the length in the trailer says it should.</exception>
    private void CheckTrailer()
    {
        if (_checked)
        {
            return;
        }

        _checked = true;
        Span<byte> trailer = stackalloc byte[TrailerLength];
        if (_file.Length < TrailerLength)
        {
            throw new DataFileException(_path, _lines, "the gzip data ends early: the file is truncated (shorter than a gzip trailer).");
        }

        _file.Position = _file.Length - TrailerLength;
        _file.ReadExactly(trailer);
        var recorded = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        if (recorded != (uint)_length)
        {
            throw new DataFileException(_path, _lines, $"the gzip data ends early: the file is truncated or damaged (this line is where its {_length:N0} decompressed bytes stop; the gzip trailer does not match them).");
        }
    }
}
