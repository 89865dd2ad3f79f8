namespace ActorRec.Models.Data;

/// <summary>
/// Hands out one string instance per distinct value, looked up by span, so a million events over a few
/// thousand items allocate a few thousand item-id strings rather than a million.
/// </summary>
internal sealed class StringPool
{
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _strings.Count;

    public string Get(ReadOnlySpan<char> value)
    {
        if (_lookup.TryGetValue(value, out var existing))
        {
            return existing;
        }

        var created = value.ToString();
        _strings.Add(created);
        return created;
    }
}
