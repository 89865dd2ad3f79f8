using System.Diagnostics.Metrics;
using ActorRec.Api;
using ActorRec.Grains.ClickLog;
using Microsoft.Extensions.Options;

namespace ActorRec.Server.Hosting;

/// <summary>Adds the click log that session grains append accepted clicks to and training reads.</summary>
internal static class ClickLogHostingExtensions
{
    /// <summary>
    /// Registers <see cref="IClickLog"/> as a singleton with the "ClickLog" options: the Redis stream when the cluster
    /// keeps its state in Redis (every silo appends to the one stream), the segmented file log of this silo otherwise.
    /// Call it before the silo is added, so that the log opens before the silo starts and closes after it stopped.
    /// </summary>
    public static IServiceCollection AddActorRecClickLog(this IServiceCollection services, ClusterHostingOptions cluster)
    {
        services.AddOptions<ClickLogOptions>().BindConfiguration(ClickLogOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        if (string.IsNullOrWhiteSpace(cluster.Redis))
        {
            services.AddSingleton<IClickLog, FileClickLog>();
        }
        else
        {
            var redis = RedisConnection.Create(cluster.Redis, cluster.RedisCaCertificate);
            services.AddSingleton<IClickLog>(provider => new RedisStreamClickLog(
                redis, provider.GetRequiredService<IOptions<ClickLogOptions>>(), provider.GetService<IMeterFactory>()));
        }

        services.AddHostedService<ClickLogStartup>();
        return services;
    }
}
