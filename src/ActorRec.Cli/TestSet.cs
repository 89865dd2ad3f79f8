using ActorRec.Models.Data;

namespace ActorRec.Cli;

/// <summary>Maps a prepared test set onto a model's vocabulary, for models trained on other preprocessing runs.</summary>
internal static class TestSet
{
    public static SessionDataset ForModel(PreparedData data, ItemVocabulary vocabulary)
    {
        if (data.Vocabulary.SameItemsAs(vocabulary))
        {
            return data.Test;
        }

        // Items unknown to the model are dropped from the sessions, then sessions without a target, as the
        // preprocessing does for items unseen in training.
        var test = data.Test;
        var items = new List<int>(test.EventCount);
        var types = new List<byte>(test.EventCount);
        var offsets = new List<int> { 0 };
        var ids = new List<string>();
        for (var s = 0; s < test.SessionCount; s++)
        {
            var start = items.Count;
            for (var e = test.SessionOffsets[s]; e < test.SessionOffsets[s + 1]; e++)
            {
                if (vocabulary.TryGetIndex(test.Vocabulary[test.Items[e]], out var index))
                {
                    items.Add(index);
                    types.Add(test.EventTypes[e]);
                }
            }

            if (items.Count - start < 2)
            {
                items.RemoveRange(start, items.Count - start);
                types.RemoveRange(start, types.Count - start);
                continue;
            }

            offsets.Add(items.Count);
            ids.Add(test.SessionIds[s]);
        }

        return new SessionDataset(vocabulary, [.. items], [.. offsets], [.. ids], [.. types], test.EventTypeNames);
    }
}
