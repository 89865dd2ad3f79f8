using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Core;
using Xunit;

namespace ActorRec.Server.Tests.Page;

/// <summary>Catalog.SearchItems over gRPC: the active model's items, searched and paged, and every field checked.</summary>
[Collection(ServerCollection.Name)]
public sealed class CatalogTests(ServerFixture fixture)
{
    private Catalog.CatalogClient Catalog => new(fixture.Channel);

    [Fact]
    public async Task Pages_walk_the_whole_vocabulary_in_order_and_a_query_finds_an_item_by_part_of_its_id()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var vocabulary = fixture.Model.Vocabulary.Ids;

        var first = await Catalog.SearchItemsAsync(new SearchItemsRequest { Limit = 7 }, cancellationToken: ct);
        var second = await Catalog.SearchItemsAsync(new SearchItemsRequest { Offset = 7, Limit = 7 }, cancellationToken: ct);
        Assert.Equal(vocabulary.Take(14), first.ItemIds.Concat(second.ItemIds));
        Assert.Equal((vocabulary.Count, vocabulary.Count, fixture.VersionId), (first.TotalMatches, first.ItemCount, first.ModelVersion));

        var past = await Catalog.SearchItemsAsync(new SearchItemsRequest { Offset = vocabulary.Count }, cancellationToken: ct);
        Assert.Empty(past.ItemIds);

        // The default page size is the server's default k.
        Assert.Equal(20, (await Catalog.SearchItemsAsync(new SearchItemsRequest(), cancellationToken: ct)).ItemIds.Count);

        var item = Clicks.KnownItems(fixture, 1)[0];
        var part = item[2..^2];
        var found = await Catalog.SearchItemsAsync(new SearchItemsRequest { Query = part, Limit = 100 }, cancellationToken: ct);
        var expected = vocabulary.Where(id => id.Contains(part, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(expected.Count, found.TotalMatches);
        Assert.Equal(expected.Take(100), found.ItemIds);
        Assert.Contains(item, found.ItemIds);
    }

    [Theory]
    [InlineData("", -1, 0, "offset")]
    [InlineData("", 0, -1, "limit")]
    [InlineData("", 0, 101, "limit")]
    [InlineData("21\u001f4", 0, 0, "query")]
    public async Task A_bad_field_is_invalid_argument_naming_it(string query, int offset, int limit, string field)
    {
        fixture.RequireServer();
        var failure = await Assert.ThrowsAsync<RpcException>(async () =>
            await Catalog.SearchItemsAsync(new SearchItemsRequest { Query = query, Offset = offset, Limit = limit }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.StartsWith(field, failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_longer_than_an_id_may_be_is_invalid_argument()
    {
        fixture.RequireServer();
        var failure = await Assert.ThrowsAsync<RpcException>(async () =>
            await Catalog.SearchItemsAsync(new SearchItemsRequest { Query = new string('7', 257) }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.StartsWith("query", failure.Status.Detail, StringComparison.Ordinal);
    }
}
