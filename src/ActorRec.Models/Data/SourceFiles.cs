using System.Text;

namespace ActorRec.Models.Data;

/// <summary>Opens source files for one sequential pass with a buffer large enough that reading is not the bottleneck.</summary>
internal static class SourceFiles
{
    private const int BufferSize = 1 << 16;

    public static StreamReader OpenText(string path) =>
        new(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = BufferSize,
            Options = FileOptions.SequentialScan,
        });
}
