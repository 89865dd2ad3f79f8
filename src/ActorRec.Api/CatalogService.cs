using ActorRec.Abstractions;
using ActorRec.Contracts.V1;
using Grpc.Core;

namespace ActorRec.Api;

/// <summary>The catalogue a session can click: the active model's item ids, searched and paged on a silo that holds them.</summary>
internal sealed class CatalogService(IGrainFactory grains, ClickValidator validator) : Catalog.CatalogBase
{
    public override async Task<SearchItemsResponse> SearchItems(SearchItemsRequest request, ServerCallContext context)
    {
        validator.ValidateSearchText("query", request.Query);
        if (request.Offset < 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"offset must not be negative (got {request.Offset}; 0 is the first page)"));
        }

        var limit = validator.ResolveK(request.Limit, "limit");
        var page = await grains.GetGrain<ICatalogGrain>(0).SearchAsync(request.Query, request.Offset, limit);
        var response = new SearchItemsResponse { TotalMatches = page.TotalMatches, ModelVersion = page.ModelVersion, ItemCount = page.ItemCount };
        response.ItemIds.AddRange(page.ItemIds);
        response.Categories.AddRange(page.Categories);
        return response;
    }
}
