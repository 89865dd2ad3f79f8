using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using ActorRec.Testing;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Models.Tests.Checkpoints;

/// <summary>The optional categories.json of a checkpoint: what the live page's catalogue search reads.</summary>
public sealed class ItemCategoriesFileTests
{
    [Fact]
    public void Categories_of_the_vocabulary_s_items_are_saved_with_the_checkpoint_and_read_back()
    {
        using var folder = new TempFolder();
        var directory = Path.Combine(folder.Path, "model");
        var categories = new Dictionary<string, string> { ["a"] = "shoes", ["c"] = "hats", ["not-in-the-model"] = "bags" };
        Save(directory, ["a", "b", "c"], categories);

        var read = Checkpoint.ReadItemCategories(directory);

        Assert.NotNull(read);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "shoes", ["c"] = "hats" }, read);
    }

    [Fact]
    public void A_checkpoint_saved_without_categories_has_none()
    {
        using var folder = new TempFolder();
        var directory = Path.Combine(folder.Path, "model");
        Save(directory, ["a", "b"], null);

        Assert.False(File.Exists(Path.Combine(directory, Checkpoint.CategoriesFile)));
        Assert.Null(Checkpoint.ReadItemCategories(directory));
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{\"a\": 3}")]
    [InlineData("{\"a\": \"shoes\"")]
    public void A_damaged_categories_file_is_a_data_file_error_naming_it(string text)
    {
        using var folder = new TempFolder();
        var directory = Path.Combine(folder.Path, "model");
        Save(directory, ["a"], new Dictionary<string, string> { ["a"] = "shoes" });
        File.WriteAllText(Path.Combine(directory, Checkpoint.CategoriesFile), text);

        var error = Assert.Throws<DataFileException>(() => Checkpoint.ReadItemCategories(directory));

        Assert.Contains(Checkpoint.CategoriesFile, error.Message, StringComparison.Ordinal);
    }

    private static void Save(string directory, string[] items, IReadOnlyDictionary<string, string>? categories)
    {
        using var model = Gru4RecModel.Create(new ItemVocabulary(items), new Gru4RecOptions { Layers = [4], Embedding = 0 }, CPU);
        Checkpoint.Save(directory, model, new DataInfo("fingerprint", "test", 0, 0, 0, 0), [], new Dictionary<string, double>(), null, itemCategories: categories);
    }
}
