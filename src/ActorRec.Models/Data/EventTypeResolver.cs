namespace ActorRec.Models.Data;

/// <summary>Caches raw code to canonical name so a row's event type costs one span lookup and no allocation.</summary>
internal sealed class EventTypeResolver
{
    private readonly IReadOnlyDictionary<string, string> _map;
    private readonly Dictionary<string, string> _resolved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public EventTypeResolver(DelimitedReaderOptions options)
    {
        _map = options.EventTypeMap;
        _lookup = _resolved.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Resolve(ReadOnlySpan<char> code)
    {
        if (_lookup.TryGetValue(code, out var name))
        {
            return name;
        }

        var raw = code.ToString();
        name = _map.TryGetValue(raw, out var mapped) ? mapped : raw;
        _resolved.Add(raw, name);
        return name;
    }
}
