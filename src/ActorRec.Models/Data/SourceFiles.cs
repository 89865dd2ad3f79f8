using System.Text;

namespace ActorRec.Models.Data;

/// <summary>
/// Opens source files for one sequential pass with a buffer large enough that reading is not the bottleneck;
/// gzip-compressed files (recognised by their first bytes) are decompressed on the way.
/// </summary>
internal static class SourceFiles
{
    private const int BufferSize = 1 << 16;

    public static StreamReader OpenText(string path)
    {
        var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = BufferSize,
            Options = FileOptions.SequentialScan,
        });
        try
        {
            Stream stream = CheckedGzipStream.IsGzip(file) ? new CheckedGzipStream(file, path) : file;
            return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
