using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using ActorRec.Models.Data;

namespace ActorRec.Models.Scoring;

/// <summary>
/// An inverted-file index over a model's item table: the items split into lists by k-means (<see cref="MipsKMeans"/>),
/// each list with a centroid that a query scores like an item. <see cref="IvfTopKScorer"/> scans only the lists whose
/// centroids score best. Built once per model version and stored beside its checkpoint (<see cref="FileName"/>), with a
/// fingerprint of the table it was built from, so that a copy that no longer matches its weights is rebuilt rather than used.
/// </summary>
public sealed class IvfIndex
{
    /// <summary>The index's file in a checkpoint folder.</summary>
    public const string FileName = "retrieval.ivf";

    // "ARIV" and a format version, so that another file, or a later layout, is refused with a message.
    private const uint Magic = 0x56495241;
    private const int FormatVersion = 1;

    private IvfIndex(int itemCount, int dimension, ulong tableFingerprint, float[] centroids, float[] centroidBias, int[] offsets, int[] order)
    {
        ItemCount = itemCount;
        Dimension = dimension;
        TableFingerprint = tableFingerprint;
        Centroids = centroids;
        CentroidBias = centroidBias;
        Offsets = offsets;
        Order = order;
    }

    public int ItemCount { get; }

    public int Dimension { get; }

    public int ListCount => CentroidBias.Length;

    /// <summary><see cref="Fingerprint"/> of the table the index was built from.</summary>
    public ulong TableFingerprint { get; }

    /// <summary>Seconds the last <see cref="Build"/> or <see cref="Load"/> of this index took, for logs.</summary>
    public double Seconds { get; private set; }

    /// <summary>The query-side part of each centroid, row-major [lists, dimension]: a query scores list c as Centroids[c] · q + CentroidBias[c].</summary>
    internal float[] Centroids { get; }

    internal float[] CentroidBias { get; }

    /// <summary>List c holds Order[Offsets[c] .. Offsets[c + 1]).</summary>
    internal int[] Offsets { get; }

    /// <summary>Item indices, grouped by list, ascending within a list.</summary>
    internal int[] Order { get; }

    /// <summary>Clusters <paramref name="table"/>'s items into <see cref="IvfOptions.ListsFor"/> lists.</summary>
    public static IvfIndex Build(ItemTable table, IvfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= new IvfOptions();
        options.Validate();
        var started = Stopwatch.GetTimestamp();
        var lists = options.ListsFor(table.ItemCount);
        var (lifted, assignment) = MipsKMeans.Cluster(table, lists, options);
        var d = table.Dimension;
        var centroids = new float[lists * d];
        var centroidBias = new float[lists];
        for (var c = 0; c < lists; c++)
        {
            lifted.AsSpan(c * (d + 2), d).CopyTo(centroids.AsSpan(c * d, d));
            centroidBias[c] = lifted[(c * (d + 2)) + d];
        }

        var offsets = new int[lists + 1];
        foreach (var list in assignment)
        {
            offsets[list + 1]++;
        }

        for (var c = 0; c < lists; c++)
        {
            offsets[c + 1] += offsets[c];
        }

        var order = new int[table.ItemCount];
        var next = offsets[..lists];
        for (var item = 0; item < assignment.Length; item++)
        {
            order[next[assignment[item]]++] = item;
        }

        return new IvfIndex(table.ItemCount, d, Fingerprint(table), centroids, centroidBias, offsets, order)
        {
            Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
        };
    }

    /// <summary>A hash of the table's weights, bias and shape: an index is valid for the table whose fingerprint it carries.</summary>
    public static ulong Fingerprint(ItemTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var hash = new XxHash3();
        hash.Append(BitConverter.GetBytes(table.Dimension));
        hash.Append(MemoryMarshal.AsBytes(table.Weights.AsSpan()));
        hash.Append(MemoryMarshal.AsBytes(table.Bias.AsSpan()));
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>Whether the index was built from <paramref name="table"/> as it is now.</summary>
    public bool Matches(ItemTable table) =>
        table.ItemCount == ItemCount && table.Dimension == Dimension && Fingerprint(table) == TableFingerprint;

    /// <summary>Writes the index to <paramref name="path"/> through a temporary file, so that a reader never sees half of it.</summary>
    public void Save(string path)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(ItemCount);
            writer.Write(Dimension);
            writer.Write(ListCount);
            writer.Write(TableFingerprint);
            writer.Write(MemoryMarshal.AsBytes(Centroids.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(CentroidBias.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(Offsets.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(Order.AsSpan()));
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <exception cref="DataFileException">The file is not an index of this format, or it is cut short or inconsistent.</exception>
    public static IvfIndex Load(string path)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream);
            if (reader.ReadUInt32() != Magic)
            {
                throw new DataFileException(path, null, "is not a retrieval index; delete it and the server rebuilds it.");
            }

            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new DataFileException(path, null, $"has index format {version}; this build reads format {FormatVersion}. Delete it and the server rebuilds it.");
            }

            var items = reader.ReadInt32();
            var dimension = reader.ReadInt32();
            var lists = reader.ReadInt32();
            var fingerprint = reader.ReadUInt64();
            if (items < 1 || dimension < 1 || lists < 1 || lists > items
                || stream.Length - stream.Position != 4L * (((long)lists * dimension) + lists + lists + 1 + items))
            {
                throw new DataFileException(path, null, $"header says {items} items of dimension {dimension} in {lists} lists, which the file's length does not hold; delete it and the server rebuilds it.");
            }

            var index = new IvfIndex(items, dimension, fingerprint, Read<float>(reader, lists * dimension), Read<float>(reader, lists), Read<int>(reader, lists + 1), Read<int>(reader, items));
            index.Validate(path);
            index.Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            return index;
        }
        catch (EndOfStreamException e)
        {
            throw new DataFileException(path, null, "is cut short; delete it and the server rebuilds it.", e);
        }
    }

    private static T[] Read<T>(BinaryReader reader, int count)
        where T : unmanaged
    {
        var values = new T[count];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (reader.Read(bytes) != bytes.Length)
        {
            throw new EndOfStreamException();
        }

        return values;
    }

    // Offsets ascend from 0 to the item count and the lists hold every item once, so that a scan can trust them.
    private void Validate(string path)
    {
        var seen = new bool[ItemCount];
        var consistent = Offsets[0] == 0 && Offsets[^1] == ItemCount;
        for (var c = 0; c < ListCount && consistent; c++)
        {
            consistent = Offsets[c] <= Offsets[c + 1];
        }

        foreach (var item in consistent ? Order : [])
        {
            if ((uint)item >= (uint)ItemCount || seen[item])
            {
                consistent = false;
                break;
            }

            seen[item] = true;
        }

        if (!consistent)
        {
            throw new DataFileException(path, null, "lists do not hold every item exactly once; delete it and the server rebuilds it.");
        }
    }
}
