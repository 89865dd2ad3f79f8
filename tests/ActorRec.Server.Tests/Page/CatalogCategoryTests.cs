using ActorRec.Contracts.V1;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using ActorRec.Server.Tests.Fixtures;
using ActorRec.Testing;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Server.Tests.Page;

/// <summary>Catalog.SearchItems finds items by the categories saved with the served checkpoint, and lists each item's category.</summary>
public sealed class CatalogCategoryTests
{
    [Fact(Timeout = 120_000)]
    public async Task A_query_matches_item_categories_as_well_as_ids_and_each_item_carries_its_category()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = new TempFolder();
        string[] items = ["red-1", "red-2", "blue-1", "green-1", "plain-1"];
        var categories = new Dictionary<string, string> { ["red-1"] = "Shoes", ["red-2"] = "Hats", ["blue-1"] = "shoes", ["green-1"] = "Bags" };
        using (var model = Gru4RecModel.Create(new ItemVocabulary(items), new Gru4RecOptions { Layers = [4] }, CPU))
        {
            Checkpoint.Save(
                Path.Combine(store.Path, "model"), model, new DataInfo("fingerprint", "test", 0, 0, 0, 0), [], new Dictionary<string, double>(), null, itemCategories: categories);
        }

        await using var server = new ServerUnderTest(store.Path);
        await server.WaitUntilServingAsync(ct);
        var catalog = new Catalog.CatalogClient(server.Channel);

        // "shoe" is in no id: both items of the category, either case, in vocabulary order.
        var shoes = await catalog.SearchItemsAsync(new SearchItemsRequest { Query = "SHOE", Limit = 10 }, cancellationToken: ct);
        Assert.Equal(["red-1", "blue-1"], shoes.ItemIds);
        Assert.Equal(["Shoes", "shoes"], shoes.Categories);
        Assert.Equal(2, shoes.TotalMatches);

        // An id query still finds by id, and an item without a category lists an empty one.
        var all = await catalog.SearchItemsAsync(new SearchItemsRequest { Limit = 10 }, cancellationToken: ct);
        Assert.Equal(items, all.ItemIds);
        Assert.Equal(["Shoes", "Hats", "shoes", "Bags", ""], all.Categories);
        var red = await catalog.SearchItemsAsync(new SearchItemsRequest { Query = "red", Limit = 10 }, cancellationToken: ct);
        Assert.Equal(["red-1", "red-2"], red.ItemIds);
    }
}
