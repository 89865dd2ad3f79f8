using System.Net;
using ActorRec.Api;
using ActorRec.Grains.Grains;
using ActorRec.Grains.Inference;
using ActorRec.Grains.Models;
using ActorRec.Grains.Runtime;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

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
        builder.Services.AddActorRecClickLog(cluster);
        builder.UseOrleans(silo =>
        {
            UseClustering(silo, cluster);

            silo.UseActorRecTraining(builder.Configuration);
            silo.AddActorRecSessionPlacement();
            silo.AddActorRecActivationShedding();

            // Idle sessions leave memory after IdleTimeout; their state stays in storage.
            silo.Configure<GrainCollectionOptions>(collection => collection.ClassSpecificCollectionAge[SessionGrainOptions.GrainClassName] = sessions.IdleTimeout);
            if (string.IsNullOrWhiteSpace(cluster.Redis))
            {
                silo.AddMemoryGrainStorage(GrainStorageNames.Sessions);
                silo.AddMemoryGrainStorage(GrainStorageNames.Registry);
            }
            else
            {
                var redis = RedisConnection.Create(cluster.Redis, cluster.RedisCaCertificate);
                var expiry = sessions.StateExpiry > TimeSpan.Zero ? sessions.StateExpiry : (TimeSpan?)null;
                silo.AddRedisGrainStorage(GrainStorageNames.Sessions, (OptionsBuilder<RedisStorageOptions> options) => UseRedis(options, redis, expiry));
                silo.AddRedisGrainStorage(GrainStorageNames.Registry, (OptionsBuilder<RedisStorageOptions> options) => UseRedis(options, redis, expiry: null));
            }
        });

        // Registered after the silo so that the model synchroniser starts once the silo is up.
        builder.Services.AddActorRecInference();
        builder.Services.AddActorRecOnlineMetrics();
        return builder;
    }

    /// <summary>
    /// Without Redis, a single-host development cluster. With Redis, the membership table lives there too, so that
    /// any number of silos sharing the Redis and the ClusterId/ServiceId form one cluster: each advertises
    /// AdvertisedAddress to the others, so that address must be reachable from every other silo; in Kubernetes, the
    /// pod's IP instead.
    /// </summary>
    private static void UseClustering(ISiloBuilder silo, ClusterHostingOptions cluster)
    {
        if (string.IsNullOrWhiteSpace(cluster.Redis))
        {
            if (cluster.Kubernetes)
            {
                throw new InvalidOperationException($"{ClusterHostingOptions.SectionName}:{nameof(ClusterHostingOptions.Kubernetes)} needs {ClusterHostingOptions.SectionName}:{nameof(ClusterHostingOptions.Redis)}: the membership table stays in Redis.");
            }

            silo.UseLocalhostClustering(cluster.SiloPort, cluster.ListeningGatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            return;
        }

        // Its own ConfigurationOptions instance: the clustering provider and the storage providers each own a connection.
        var redis = RedisConnection.Create(cluster.Redis, cluster.RedisCaCertificate);
        silo.UseRedisClustering(options => options.ConfigurationOptions = redis);
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });
        if (cluster.Kubernetes)
        {
            silo.UseActorRecKubernetesHosting(cluster);
            return;
        }

        if (!IPAddress.TryParse(cluster.AdvertisedAddress, out var advertised))
        {
            throw new InvalidOperationException($"{ClusterHostingOptions.SectionName}:{nameof(ClusterHostingOptions.AdvertisedAddress)} '{cluster.AdvertisedAddress}' is not an IP address.");
        }

        silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.ListeningGatewayPort);
    }

    /// <summary>
    /// Stores grain state with the Orleans serializer rather than the provider's default, Newtonsoft JSON keyed by CLR
    /// type and property names: the persisted types declare [Alias] and [Id] as their storage contract, and only the
    /// Orleans serializer honours it, so that a renamed property or a moved namespace still reads what Redis holds.
    /// </summary>
    /// <param name="options">The storage provider's options.</param>
    /// <param name="redis">Where Redis is.</param>
    /// <param name="expiry">
    /// Time to live of every key the provider writes, set again at each write; null for none. Only for sessions: a
    /// session idle that long has long been deactivated, so no active grain can see its state vanish.
    /// </param>
    private static void UseRedis(OptionsBuilder<RedisStorageOptions> options, ConfigurationOptions redis, TimeSpan? expiry) =>
        options.Configure<Serializer>((storage, serializer) =>
        {
            storage.ConfigurationOptions = redis;
            storage.EntryExpiry = expiry;
            storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);

            // EndSession clears a session: remove its key instead of keeping an empty record forever.
            storage.DeleteStateOnClear = true;
        });

    /// <summary>The model store, the model host, the batching engine and the model synchroniser, with their options.</summary>
    public static IServiceCollection AddActorRecInference(this IServiceCollection services)
    {
        services.AddOptions<ModelStoreOptions>().BindConfiguration(ModelStoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ModelSyncOptions>().BindConfiguration(ModelSyncOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SessionGrainOptions>().BindConfiguration(SessionGrainOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(LimitClock.System);
        services.AddSingleton<ModelStore>();
        services.AddSingleton<ModelHost>();
        services.AddSingleton<BatchingEngine>();
        services.AddHostedService<ModelSynchronizer>();
        return services;
    }
}
