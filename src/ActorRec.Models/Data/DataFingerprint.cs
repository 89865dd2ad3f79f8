using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace ActorRec.Models.Data;

/// <summary>Identifies prepared data by content, so a checkpoint can tell whether it was trained on the data at hand.</summary>
public static class DataFingerprint
{
    /// <summary>
    /// SHA-256 (lower-case hex) of the vocabulary ids, the event type names and, for train then test, the session
    /// offsets, dense items and event types. Session ids and timestamps are left out: they do not change what a
    /// model sees. Every value is length-prefixed, so different splits of the same bytes cannot collide.
    /// </summary>
    public static string Compute(SessionDataset train, SessionDataset test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendStrings(hash, train.Vocabulary.Ids);
        if (!ReferenceEquals(test.Vocabulary, train.Vocabulary))
        {
            AppendStrings(hash, test.Vocabulary.Ids);
        }

        AppendStrings(hash, train.EventTypeNames);
        AppendDataset(hash, train);
        AppendDataset(hash, test);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AppendDataset(IncrementalHash hash, SessionDataset data)
    {
        AppendInts(hash, data.SessionOffsets);
        AppendInts(hash, data.Items);
        AppendLength(hash, data.EventTypes.Length);
        hash.AppendData(data.EventTypes);
    }

    private static void AppendInts(IncrementalHash hash, int[] values)
    {
        AppendLength(hash, values.Length);
        if (BitConverter.IsLittleEndian)
        {
            hash.AppendData(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }

        Span<byte> buffer = stackalloc byte[sizeof(int)];
        foreach (var value in values)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
            hash.AppendData(buffer);
        }
    }

    private static void AppendStrings(IncrementalHash hash, IReadOnlyList<string> values)
    {
        AppendLength(hash, values.Count);
        var buffer = ArrayPool<byte>.Shared.Rent(256);
        try
        {
            foreach (var value in values)
            {
                var size = Encoding.UTF8.GetMaxByteCount(value.Length);
                if (size > buffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(size);
                }

                var length = Encoding.UTF8.GetBytes(value, buffer);
                AppendLength(hash, length);
                hash.AppendData(buffer, 0, length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void AppendLength(IncrementalHash hash, int length)
    {
        Span<byte> buffer = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, length);
        hash.AppendData(buffer);
    }
}
