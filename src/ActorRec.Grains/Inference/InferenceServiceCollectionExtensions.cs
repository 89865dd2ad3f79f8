using ActorRec.Grains.Runtime;
using ActorRec.Grains.Serving;
using ActorRec.Grains.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace ActorRec.Grains.Inference;

/// <summary>Registers what serves the session grains' steps on a silo.</summary>
public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// Adds the model store, the model host, the batching engine, the sessions' entry to it and the model synchroniser; bind
    /// <see cref="ModelStoreOptions"/>, <see cref="InferenceOptions"/>, <see cref="ModelSyncOptions"/>,
    /// <see cref="SessionGrainOptions"/> and <see cref="AdminOptions"/> separately. Call it after the silo is added, so
    /// that the synchroniser starts once the silo is up.
    /// </summary>
    public static IServiceCollection AddActorRecInference(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(LimitClock.System);
        services.AddSingleton<ModelStore>();
        services.AddSingleton<ModelHost>();
        services.AddSingleton<BatchingEngine>();
        services.AddSingleton<SiloInference>();
        services.AddHostedService<ModelSynchronizer>();
        return services;
    }
}
