using ActorRec.Grains.Inference;
using ActorRec.Grains.OnlineMetrics;
using ActorRec.Grains.Runtime;
using ActorRec.Grains.Serving;
using ActorRec.Grains.Sessions;
using Orleans.Configuration;

namespace ActorRec.Server.Hosting;

/// <summary>Adds the Orleans silo with ActorRec's grains, storage and inference services.</summary>
internal static class SiloHostingExtensions
{
    public static WebApplicationBuilder AddActorRecSilo(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new ClusterHostingOptions();
        builder.Services.AddOptions<ClusterHostingOptions>().BindConfiguration(ClusterHostingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var sessions = builder.Configuration.GetSection(SessionGrainOptions.SectionName).Get<SessionGrainOptions>() ?? new SessionGrainOptions();

        // Before the silo: the log opens before the first grain can append and closes after the last has.
        builder.Services.AddActorRecClickLog();
        builder.UseOrleans(silo =>
        {
            silo.UseActorRecStorage(cluster, sessions);
            silo.UseActorRecTraining(builder.Configuration);
            silo.AddActorRecSessionPlacement();
            silo.AddActorRecActivationShedding();

            // Idle sessions leave memory after IdleTimeout; their state stays in storage.
            silo.Configure<GrainCollectionOptions>(collection => collection.ClassSpecificCollectionAge[SessionGrainOptions.GrainClassName] = sessions.IdleTimeout);
        });

        // Registered after the silo so that the model synchroniser starts once the silo is up.
        AddServing(builder.Services);
        return builder;
    }

    /// <summary>The inference services and the online metrics, with the options of their configuration sections.</summary>
    private static void AddServing(IServiceCollection services)
    {
        services.AddOptions<ModelStoreOptions>().BindConfiguration(ModelStoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ModelSyncOptions>().BindConfiguration(ModelSyncOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SessionGrainOptions>().BindConfiguration(SessionGrainOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OnlineMetricsOptions>().BindConfiguration(OnlineMetricsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddActorRecInference();
        services.AddActorRecOnlineMetrics();
    }
}
