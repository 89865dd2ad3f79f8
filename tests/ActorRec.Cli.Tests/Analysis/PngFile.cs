using System.Buffers.Binary;

namespace ActorRec.Cli.Tests.Analysis;

/// <summary>Reads the size of a PNG from its IHDR chunk, failing unless the file starts like a PNG.</summary>
internal static class PngFile
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height) ReadSize(string path)
    {
        var header = new byte[24];
        using (var stream = File.OpenRead(path))
        {
            stream.ReadExactly(header);
        }

        if (!header.AsSpan(0, 8).SequenceEqual(Signature) || !header.AsSpan(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new InvalidDataException($"{path} is not a PNG file.");
        }

        return (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }
}
