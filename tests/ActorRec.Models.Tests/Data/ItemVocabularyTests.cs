using ActorRec.Models.Data;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Models.Tests.Data;

public sealed class ItemVocabularyTests
{
    [Fact]
    public void SaveLoad_RoundTrip_KeepsIdsAndIndices()
    {
        using var folder = new TempFolder();
        var vocabulary = new ItemVocabulary(["214536502", "a \"quoted\" id", "ünï"]);
        var path = Path.Combine(folder.Path, "vocabulary.json");

        vocabulary.Save(path);
        var loaded = ItemVocabulary.Load(path);

        Assert.Equal(vocabulary.Ids, loaded.Ids);
        Assert.Equal(1, loaded.IndexOf("a \"quoted\" id"));
        Assert.False(loaded.TryGetIndex("unknown", out _));
    }
}
