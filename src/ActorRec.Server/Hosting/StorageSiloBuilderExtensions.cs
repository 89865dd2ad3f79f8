using System.Net;
using ActorRec.Api;
using ActorRec.Grains.ClickLog;
using ActorRec.Grains.Runtime;
using ActorRec.Grains.Sessions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

namespace ActorRec.Server.Hosting;

/// <summary>
/// Where the cluster keeps what outlives a grain: membership, grain state (sessions, registry) and the click log, set up
/// together so that they cannot disagree. The one place that reads Cluster:Redis to choose.
/// </summary>
internal static class StorageSiloBuilderExtensions
{
    /// <summary>Redis storage when Cluster:Redis is set, local storage otherwise.</summary>
    public static ISiloBuilder UseActorRecStorage(this ISiloBuilder silo, ClusterHostingOptions cluster, SessionGrainOptions sessions) =>
        string.IsNullOrWhiteSpace(cluster.Redis) ? silo.UseActorRecLocalStorage(cluster) : silo.UseActorRecRedisStorage(cluster, sessions);

    /// <summary>
    /// A single-host development cluster: membership and grain state in this process's memory, lost with it, and the
    /// click log in segment files of this silo's own folder. Grain state is kept in the Orleans serializer's form, as in
    /// Redis: the providers' default, Newtonsoft JSON, took about a third of a busy server's CPU, every click writing its
    /// session's hidden state and answer as decimal text.
    /// </summary>
    public static ISiloBuilder UseActorRecLocalStorage(this ISiloBuilder silo, ClusterHostingOptions cluster)
    {
        if (cluster.Kubernetes)
        {
            throw new InvalidOperationException($"{ClusterHostingOptions.SectionName}:{nameof(ClusterHostingOptions.Kubernetes)} needs {ClusterHostingOptions.SectionName}:{nameof(ClusterHostingOptions.Redis)}: the membership table stays in Redis.");
        }

        silo.UseLocalhostClustering(cluster.SiloPort, cluster.ListeningGatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        silo.AddMemoryGrainStorage(GrainStorageNames.Sessions, (OptionsBuilder<MemoryGrainStorageOptions> options) => options.Configure<Serializer>(UseOrleansSerializer));
        silo.AddMemoryGrainStorage(GrainStorageNames.Registry, (OptionsBuilder<MemoryGrainStorageOptions> options) => options.Configure<Serializer>(UseOrleansSerializer));
        silo.Services.AddActorRecFileClickLog();
        return silo;
    }

    /// <summary>
    /// Membership table, grain state and click log in the Redis of Cluster:Redis, so that any number of silos sharing
    /// it and the ClusterId/ServiceId form one cluster: each advertises AdvertisedAddress to the others, so that address
    /// must be reachable from every other silo; in Kubernetes, the pod's IP instead.
    /// </summary>
    public static ISiloBuilder UseActorRecRedisStorage(this ISiloBuilder silo, ClusterHostingOptions cluster, SessionGrainOptions sessions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster.Redis);

        // An options instance per provider: the clustering provider, each storage provider and the click log own a connection.
        silo.UseRedisClustering(options => options.ConfigurationOptions = Connection(cluster));
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });
        if (cluster.Kubernetes)
        {
            silo.UseActorRecKubernetesHosting(cluster);
        }
        else if (IPAddress.TryParse(cluster.AdvertisedAddress, out var advertised))
        {
            silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.ListeningGatewayPort);
        }
        else
        {
            throw new InvalidOperationException($"{ClusterHostingOptions.SectionName}:{nameof(ClusterHostingOptions.AdvertisedAddress)} '{cluster.AdvertisedAddress}' is not an IP address.");
        }

        var storage = Connection(cluster);
        var expiry = sessions.StateExpiry > TimeSpan.Zero ? sessions.StateExpiry : (TimeSpan?)null;
        silo.AddRedisGrainStorage(GrainStorageNames.Sessions, (OptionsBuilder<RedisStorageOptions> options) => UseRedis(options, storage, expiry));
        silo.AddRedisGrainStorage(GrainStorageNames.Registry, (OptionsBuilder<RedisStorageOptions> options) => UseRedis(options, storage, expiry: null));
        silo.Services.AddActorRecRedisClickLog(Connection(cluster));
        return silo;
    }

    private static ConfigurationOptions Connection(ClusterHostingOptions cluster) => RedisConnection.Create(cluster.Redis!, cluster.RedisCaCertificate);

    /// <summary>
    /// Stores grain state with the Orleans serializer rather than the provider's default, Newtonsoft JSON keyed by CLR
    /// type and property names: the persisted types declare [Alias] and [Id] as their storage contract, and only the
    /// Orleans serializer honours it, so that a renamed property or a moved namespace still reads what Redis holds.
    /// </summary>
    private static void UseOrleansSerializer(IStorageProviderSerializerOptions storage, Serializer serializer) =>
        storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);

    /// <summary>Redis grain storage in the Orleans serializer's form (see <see cref="UseOrleansSerializer"/>).</summary>
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
            UseOrleansSerializer(storage, serializer);

            // EndSession clears a session: remove its key instead of keeping an empty record forever.
            storage.DeleteStateOnClear = true;
        });
}
