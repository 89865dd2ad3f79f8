using System.Text;
using ActorRec.Models.Data;
using static TorchSharp.torch;

namespace ActorRec.Models.Checkpoints;

/// <summary>
/// Checks that a weights file written by TorchSharp's <c>Module.save</c> holds exactly the tensors a network expects
/// before <c>Module.load</c> reads it. TorchSharp trusts the file: a garbled rank becomes a <c>new long[rank]</c>, a
/// truncated file an <see cref="EndOfStreamException"/>, a wrong shape an <see cref="ArgumentException"/> with no
/// file name. Walking the layout first turns every one of those into a <see cref="DataFileException"/> and bounds
/// what is read by the size of the file.
/// </summary>
/// <remarks>
/// The layout: a LEB128 entry count; per entry a length-prefixed UTF-8 key, then the tensor as LEB128 dtype, LEB128
/// rank, a LEB128 per dimension, and the raw element bytes.
/// </remarks>
internal static class WeightsFileLayout
{
    /// <summary>A LEB128 of a 64-bit value never needs more than ten bytes; more is garbage, not a number.</summary>
    private const int MaxLeb128Bytes = 10;

    /// <summary>State-dict keys are short dotted names ("G.0.weight_ih"); a longer length prefix is garbage.</summary>
    private const int MaxKeyBytes = 1024;

    /// <summary>What a network expects of one state-dict entry.</summary>
    public readonly record struct Entry(ScalarType Type, long[] Shape, long ElementSize);

    /// <summary>The expected entries of <paramref name="network"/>'s state dict, by key.</summary>
    public static Dictionary<string, Entry> Of(nn.Module network) =>
        network.state_dict().ToDictionary(p => p.Key, p => new Entry(p.Value.dtype, p.Value.shape, p.Value.ElementSize), StringComparer.Ordinal);

    /// <summary>Throws a <see cref="DataFileException"/> unless <paramref name="path"/> holds exactly <paramref name="expected"/>.</summary>
    public static void Verify(string path, IReadOnlyDictionary<string, Entry> expected)
    {
        using var stream = File.OpenRead(path);
        var reader = new Reader(stream, path);
        var count = reader.Leb128("entry count");
        if (count != expected.Count)
        {
            throw reader.Fail($"holds {count} tensors; the model has {expected.Count}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.Key();
            if (!expected.TryGetValue(key, out var entry))
            {
                throw reader.Fail($"tensor '{key}' is not part of the model");
            }

            if (!seen.Add(key))
            {
                throw reader.Fail($"tensor '{key}' appears twice");
            }

            var type = reader.Leb128($"dtype of '{key}'");
            if (type != (long)entry.Type)
            {
                throw reader.Fail($"tensor '{key}' has dtype {type}; the model's is {(long)entry.Type} ({entry.Type})");
            }

            var rank = reader.Leb128($"rank of '{key}'");
            if (rank != entry.Shape.Length)
            {
                throw reader.Fail($"tensor '{key}' has rank {rank}; the model's is {entry.Shape.Length}");
            }

            var elements = 1L;
            for (var d = 0; d < rank; d++)
            {
                var size = reader.Leb128($"dimension {d} of '{key}'");
                if (size != entry.Shape[d])
                {
                    throw reader.Fail($"tensor '{key}' has size {size} in dimension {d}; the model's is [{string.Join(", ", entry.Shape)}]");
                }

                elements *= size;
            }

            reader.Skip(elements * entry.ElementSize, $"data of '{key}'");
        }

        if (stream.Position != stream.Length)
        {
            throw reader.Fail($"{stream.Length - stream.Position} bytes follow the last tensor");
        }
    }

    /// <summary>Reads the file's primitives with the byte offset of each fault in its message.</summary>
    private sealed class Reader(FileStream stream, string path)
    {
        public DataFileException Fail(string reason) => new(path, null, $"at byte {stream.Position}: {reason}.");

        public long Leb128(string what)
        {
            var value = 0L;
            for (var i = 0; i < MaxLeb128Bytes; i++)
            {
                var next = stream.ReadByte();
                if (next < 0)
                {
                    throw Fail($"the file ends inside the {what}");
                }

                value |= (long)(next & 0x7f) << (7 * i);
                if ((next & 0x80) == 0)
                {
                    return value;
                }
            }

            throw Fail($"the {what} is not a number (more than {MaxLeb128Bytes} bytes)");
        }

        public string Key()
        {
            // BinaryWriter.Write(string): a 7-bit encoded byte length, at most five bytes, then UTF-8.
            var length = Leb128("key length");
            if (length > MaxKeyBytes)
            {
                throw Fail($"a key of {length} bytes is longer than any tensor name");
            }

            if (length > stream.Length - stream.Position)
            {
                throw Fail($"the file ends inside a key ({length} bytes expected, {stream.Length - stream.Position} left)");
            }

            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return Encoding.UTF8.GetString(bytes);
        }

        public void Skip(long bytes, string what)
        {
            if (bytes > stream.Length - stream.Position)
            {
                throw Fail($"the file ends inside the {what} ({bytes} bytes expected, {stream.Length - stream.Position} left)");
            }

            stream.Seek(bytes, SeekOrigin.Current);
        }
    }
}
