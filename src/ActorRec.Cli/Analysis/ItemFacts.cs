using ActorRec.Models.Data;

namespace ActorRec.Cli.Analysis;

/// <summary>
/// Popularity and category of items by external id, from the analysed data's training sessions: one yardstick for every
/// model, whatever vocabulary it was trained with.
/// </summary>
internal sealed class ItemFacts
{
    private readonly ItemVocabulary _vocabulary;
    private readonly long[] _counts;
    private readonly IReadOnlyDictionary<string, string>? _categories;

    /// <param name="training">The training sessions whose event counts are the popularity.</param>
    /// <param name="categories">Category by external item id, or null when the data set has none.</param>
    public ItemFacts(SessionDataset training, IReadOnlyDictionary<string, string>? categories)
    {
        _vocabulary = training.Vocabulary;
        _counts = training.ItemSupport();
        _categories = categories is { Count: > 0 } ? categories : null;
    }

    public bool HasCategories => _categories is not null;

    public bool IsKnown(string id) => _vocabulary.TryGetIndex(id, out _);

    /// <summary>Training events of the item; 0 for an item the training sessions do not have.</summary>
    public long Count(string id) => _vocabulary.TryGetIndex(id, out var index) ? _counts[index] : 0;

    public string? Category(string id) => _categories is not null && _categories.TryGetValue(id, out var category) ? category : null;

    public ItemInfo Describe(string id) => new(id, Count(id), Category(id));

    /// <summary>The <paramref name="count"/> items with the most training events, ties in vocabulary order.</summary>
    public IReadOnlyList<string> MostPopular(int count) =>
        [.. Enumerable.Range(0, _counts.Length).OrderByDescending(i => _counts[i]).ThenBy(i => i).Take(count).Select(i => _vocabulary[i])];

    /// <summary>Categories by dense index of <paramref name="vocabulary"/>, the form the beyond-accuracy metrics take; null without categories.</summary>
    public IReadOnlyDictionary<int, string>? CategoriesOf(ItemVocabulary vocabulary)
    {
        if (_categories is null)
        {
            return null;
        }

        var byIndex = new Dictionary<int, string>();
        for (var index = 0; index < vocabulary.Count; index++)
        {
            if (_categories.TryGetValue(vocabulary[index], out var category))
            {
                byIndex.Add(index, category);
            }
        }

        return byIndex;
    }
}
