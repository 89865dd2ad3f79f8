using ActorRec.Abstractions;
using ActorRec.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace ActorRec.Server.Services;

/// <summary>Operator API: which model serves, which versions exist, and switching between them.</summary>
internal sealed class ModelAdminService(IGrainFactory grains) : ModelAdmin.ModelAdminBase
{
    private IModelRegistryGrain Registry => grains.GetGrain<IModelRegistryGrain>(0);

    public override async Task<ModelInfo> GetActiveModel(GetActiveModelRequest request, ServerCallContext context) =>
        await Registry.GetActiveAsync() is { } active
            ? ToWire(active)
            : throw new RpcException(new Status(StatusCode.FailedPrecondition, "no model is active: train one with `actorrec train --out <model store>/<name>`"));

    public override async Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context)
    {
        var response = new ListModelsResponse();
        response.Models.AddRange((await Registry.ListAsync()).Select(ToWire));
        return response;
    }

    public override async Task<ModelInfo> ActivateModel(ActivateModelRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.VersionId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "version_id is required"));
        }

        return ToWire(await Registry.ActivateAsync(request.VersionId));
    }

    private static ModelInfo ToWire(ModelVersionInfo info)
    {
        var wire = new ModelInfo
        {
            VersionId = info.VersionId,
            ModelKind = info.ModelKind,
            CreatedAt = Timestamp.FromDateTimeOffset(info.CreatedAt),
            ItemCount = info.ItemCount,
            Active = info.Active,
            ManifestJson = info.ManifestJson,
        };
        wire.Metrics.Add(info.Metrics);
        return wire;
    }
}
