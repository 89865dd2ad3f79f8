namespace ActorRec.Models.Data;

/// <summary>
/// Which column of a click file holds the session, item, time, event type and category. A null name is found by
/// looking for a common name (session_id, sessionId, SessionId, session, ...: see <see cref="Candidates"/>); session
/// and item must be found, the others may be absent.
/// </summary>
public sealed record ClickColumnMapping
{
    public const string SessionRole = "session";
    public const string ItemRole = "item";
    public const string TimeRole = "time";
    public const string TypeRole = "type";
    public const string CategoryRole = "category";

    public string? Session { get; init; }

    public string? Item { get; init; }

    /// <summary>Without a time column (named or found) the row order is the time, and only a session split applies.</summary>
    public string? Time { get; init; }

    public string? EventType { get; init; }

    public string? Category { get; init; }

    /// <summary>Names looked for, per role, compared case-insensitively with '_', '-', '.' and spaces ignored.</summary>
    public static IReadOnlyDictionary<string, string[]> Candidates { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [SessionRole] = ["session_id", "session", "sid", "visit_id", "visit", "session_key"],
        [ItemRole] = ["item_id", "item", "product_id", "product", "sku_id", "sku", "aid", "iid", "article_id"],
        [TimeRole] = ["timestamp", "time", "ts", "event_time", "datetime", "action_time", "click_time"],
        [TypeRole] = ["event_type", "type", "event", "action", "action_type", "kind"],
        [CategoryRole] = ["category", "category_id", "cat", "cat_id", "item_category"],
    };

    /// <summary>Parses <c>session=SessionId,item=ItemId,time=Timestamp,type=EventType,category=Category</c>; roles left out are looked for.</summary>
    /// <exception cref="ArgumentException">A part is not role=name or names an unknown role.</exception>
    public static ClickColumnMapping Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mapping = new ClickColumnMapping();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || pair[1].Length == 0)
            {
                throw new ArgumentException($"--columns: '{part}' is not role=column (roles: {string.Join(", ", Candidates.Keys)}).");
            }

            mapping = pair[0].ToLowerInvariant() switch
            {
                SessionRole => mapping with { Session = pair[1] },
                ItemRole => mapping with { Item = pair[1] },
                TimeRole => mapping with { Time = pair[1] },
                TypeRole or "event" or "event_type" => mapping with { EventType = pair[1] },
                CategoryRole => mapping with { Category = pair[1] },
                _ => throw new ArgumentException($"--columns: unknown role '{pair[0]}' (roles: {string.Join(", ", Candidates.Keys)})."),
            };
        }

        return mapping;
    }

    /// <summary>The named roles as <see cref="Parse"/> reads them; empty when every column is looked for.</summary>
    public override string ToString() => string.Join(',', Named().Select(pair => $"{pair.Role}={pair.Name}"));

    /// <summary>Finds each role's column among <paramref name="header"/>, the column names of <paramref name="source"/>.</summary>
    /// <exception cref="DataFileException">A named column is not in the header, or no session or item column is found.</exception>
    internal ClickColumnIndices Resolve(IReadOnlyList<string> header, string source, long? line)
    {
        return new ClickColumnIndices(
            Find(SessionRole, Session, required: true),
            Find(ItemRole, Item, required: true),
            Find(TimeRole, Time, required: false),
            Find(TypeRole, EventType, required: false),
            Find(CategoryRole, Category, required: false),
            [.. header]);

        int Find(string role, string? name, bool required)
        {
            if (name is not null)
            {
                var index = IndexOf(header, name, normalize: false);
                return index >= 0 ? index
                    : throw new DataFileException(source, line, $"no column '{name}' (mapped to {role}); the columns are [{string.Join(", ", header)}].");
            }

            foreach (var candidate in Candidates[role])
            {
                var index = IndexOf(header, candidate, normalize: true);
                if (index >= 0)
                {
                    return index;
                }
            }

            return !required ? ClickColumnIndices.None
                : throw new DataFileException(source, line, $"no {role} column: none of [{string.Join(", ", header)}] is a known {role} name ({string.Join(", ", Candidates[role])}); map one with {role}=COLUMN.");
        }
    }

    private static int IndexOf(IReadOnlyList<string> header, string name, bool normalize)
    {
        for (var i = 0; i < header.Count; i++)
        {
            var equal = normalize
                ? string.Equals(Normalized(header[i]), Normalized(name), StringComparison.Ordinal)
                : string.Equals(header[i].Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase);
            if (equal)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Normalized(string name) =>
        string.Concat(name.Where(c => c is not ('_' or '-' or '.' or ' '))).ToLowerInvariant();

    private IEnumerable<(string Role, string Name)> Named()
    {
        (string Role, string? Name)[] all = [(SessionRole, Session), (ItemRole, Item), (TimeRole, Time), (TypeRole, EventType), (CategoryRole, Category)];
        return all.Where(pair => pair.Name is not null).Select(pair => (pair.Role, pair.Name!));
    }
}
