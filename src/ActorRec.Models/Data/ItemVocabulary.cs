using System.Text.Json;

namespace ActorRec.Models.Data;

/// <summary>Maps external item ids to dense indices 0..Count-1 and back; saved with every model.</summary>
public sealed class ItemVocabulary
{
    private readonly List<string> _ids = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public ItemVocabulary()
    {
    }

    public ItemVocabulary(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            if (!TryAdd(id, out _))
            {
                throw new ArgumentException($"Duplicate item id '{id}' in vocabulary.", nameof(ids));
            }
        }
    }

    public int Count => _ids.Count;

    public IReadOnlyList<string> Ids => _ids;

    public string this[int index] => _ids[index];

    public int GetOrAdd(string id)
    {
        TryAdd(id, out var index);
        return index;
    }

    /// <summary>Whether <paramref name="other"/> holds the same ids at the same indices, so indices mean the same items in both.</summary>
    public bool SameItemsAs(ItemVocabulary other) =>
        ReferenceEquals(this, other) || _ids.SequenceEqual(other._ids, StringComparer.Ordinal);

    public bool TryGetIndex(string id, out int index) => _index.TryGetValue(id, out index);

    public int IndexOf(string id) =>
        _index.TryGetValue(id, out var index) ? index : throw new KeyNotFoundException($"Item id '{id}' is not in the vocabulary.");

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(_ids));

    /// <summary>Reads a vocabulary written by <see cref="Save"/>: a JSON array of distinct item id strings.</summary>
    /// <exception cref="DataFileException">The file is not such an array.</exception>
    public static ItemVocabulary Load(string path)
    {
        var ids = JsonFiles.Read<List<string?>>(path) ?? throw new DataFileException(path, null, "empty vocabulary.");
        var vocabulary = new ItemVocabulary();
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] is not { } id)
            {
                throw new DataFileException(path, null, $"item {i} is null, not an id.");
            }

            if (!vocabulary.TryAdd(id, out var first))
            {
                throw new DataFileException(path, null, $"item {i} '{id}' repeats item {first}.");
            }
        }

        return vocabulary;
    }

    private bool TryAdd(string id, out int index)
    {
        if (_index.TryGetValue(id, out index))
        {
            return false;
        }

        index = _ids.Count;
        _ids.Add(id);
        _index.Add(id, index);
        return true;
    }
}
