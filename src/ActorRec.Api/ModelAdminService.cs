using ActorRec.Abstractions;
using ActorRec.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace ActorRec.Api;

/// <summary>
/// Operator API: which model serves, which versions exist, switching between them, how well they do live, and
/// retraining on the click log.
/// </summary>
internal sealed class ModelAdminService(IGrainFactory grains, ClusterOnlineMetrics onlineMetrics) : ModelAdmin.ModelAdminBase
{
    private IModelRegistryGrain Registry => grains.GetGrain<IModelRegistryGrain>(0);

    private ITrainerGrain Trainer => grains.GetGrain<ITrainerGrain>(0);

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

    public override async Task<GetOnlineMetricsResponse> GetOnlineMetrics(GetOnlineMetricsRequest request, ServerCallContext context)
    {
        var snapshot = await onlineMetrics.GetAsync();
        var response = new GetOnlineMetricsResponse
        {
            Window = Duration.FromTimeSpan(snapshot.Window),
            K = snapshot.K,
            ActiveSessions = snapshot.ActiveSessions,
            Silos = snapshot.Silos,
            UnreachableSilos = snapshot.UnreachableSilos,
        };
        response.Models.AddRange(snapshot.Versions.Select(v => new OnlineModelMetrics
        {
            VersionId = v.ModelVersion,
            Events = v.Events,
            Hits = v.Hits,
            HitRate = v.HitRate,
            Mrr = v.Mrr,
        }));
        return response;
    }

    public override async Task<TriggerRetrainResponse> TriggerRetrain(TriggerRetrainRequest request, ServerCallContext context)
    {
        var ticket = await CallTrainerAsync(trainer => trainer.TriggerAsync(request.Force));
        return new TriggerRetrainResponse { RunId = ticket.RunId, Started = ticket.Started, Message = ticket.Message };
    }

    public override async Task<ListTrainingDecisionsResponse> ListTrainingDecisions(ListTrainingDecisionsRequest request, ServerCallContext context)
    {
        if (request.Limit < 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "limit must not be negative (0 lists every kept decision)"));
        }

        var decisions = await CallTrainerAsync(trainer => trainer.ListDecisionsAsync(request.Limit));
        var status = await CallTrainerAsync(trainer => trainer.GetStatusAsync());
        var response = new ListTrainingDecisionsResponse { Status = TrainingWire.ToWire(status) };
        response.Decisions.AddRange(decisions.Select(TrainingWire.ToWire));
        return response;
    }

    /// <summary>Calls the trainer, answering FAILED_PRECONDITION when the cluster has no silo that may host it.</summary>
    private async Task<T> CallTrainerAsync<T>(Func<ITrainerGrain, Task<T>> call)
    {
        try
        {
            return await call(Trainer);
        }
        catch (OrleansException e)
        {
            // Asked only on failure, from inside the cluster: this process may be a gateway with no membership view.
            if (await grains.GetGrain<ITrainingSilosGrain>(0).AnyAllowedAsync())
            {
                throw;
            }

            throw new RpcException(new Status(StatusCode.FailedPrecondition, "no silo of the cluster allows training: set Training:Enabled=true on at least one"), e.Message);
        }
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
