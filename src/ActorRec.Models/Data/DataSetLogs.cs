namespace ActorRec.Models.Data;

/// <summary>The logs of one data set: its training log and, where the data set fixes one, its test log.</summary>
/// <param name="Name">The data set's name (its folder name for data on disk).</param>
/// <param name="Train">The training log, or the whole log when <paramref name="Test"/> is null.</param>
/// <param name="Test">The fixed test log; null when the split is left to the preprocessor (by time).</param>
/// <param name="ItemCategoriesPath">The item-to-category table, when the data set has one (see <see cref="ItemCategories"/>).</param>
public sealed record DataSetLogs(string Name, ClickLog Train, ClickLog? Test, string? ItemCategoriesPath = null)
{
    /// <summary>Item id to category: the data set's table when it has one, else the category column of its logs; null when neither.</summary>
    public IReadOnlyDictionary<string, string>? ReadItemCategories()
    {
        if (ItemCategoriesPath is { } path)
        {
            return ItemCategories.Read(path);
        }

        if (Train.ItemCategories is null && Test?.ItemCategories is null)
        {
            return null;
        }

        var categories = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var log in new[] { Train, Test })
        {
            foreach (var (item, category) in log?.ItemCategories ?? new Dictionary<string, string>())
            {
                categories.TryAdd(item, category);
            }
        }

        return categories;
    }
}
