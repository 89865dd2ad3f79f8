using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Sessions;

namespace ActorRec.Cli;

/// <summary>Builds the inputs of the beyond-accuracy metrics: the data set's categories and a reference item embedding.</summary>
internal static class BeyondAccuracySetup
{
    /// <summary>
    /// Inputs over <paramref name="data"/>'s training vocabulary. Embedding diversity is measured with
    /// <paramref name="reference"/>'s item vectors, so every model of a comparison is judged by the same yardstick.
    /// </summary>
    public static BeyondAccuracyInputs For(PreparedData data, DataSource source, ISessionModel? reference)
    {
        var vectors = reference is null ? null : ItemVectors.Aligned(reference, data.Vocabulary);
        return new BeyondAccuracyInputs(data.Train, vectors?.Values, vectors?.Dimension ?? 0, Categories(data.Vocabulary, source));
    }

    /// <summary>Whether a scorer over <paramref name="vocabulary"/> can be measured: its catalog must be the training set's.</summary>
    public static bool Applies(PreparedData data, ItemVocabulary vocabulary) => data.Vocabulary.SameItemsAs(vocabulary);

    private static Dictionary<int, string>? Categories(ItemVocabulary vocabulary, DataSource source)
    {
        if (source.Logs.ReadItemCategories() is not { } byId)
        {
            return null;
        }

        var categories = new Dictionary<int, string>();
        for (var item = 0; item < vocabulary.Count; item++)
        {
            if (byId.TryGetValue(vocabulary[item], out var category))
            {
                categories[item] = category;
            }
        }

        return categories;
    }
}
