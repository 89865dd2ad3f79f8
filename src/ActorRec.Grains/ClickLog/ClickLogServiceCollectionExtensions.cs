using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ActorRec.Grains.ClickLog;

/// <summary>Registers the click log that session grains append accepted clicks to and training reads.</summary>
/// <remarks>
/// One of the two, as the silo's storage says; bind <see cref="ClickLogOptions"/> separately. The log is a singleton
/// that opens when first resolved: resolve it before the silo starts so that it closes after the silo stopped.
/// </remarks>
public static class ClickLogServiceCollectionExtensions
{
    /// <summary>The segmented file log of this silo, in the folder of <see cref="ClickLogOptions.Directory"/>.</summary>
    public static IServiceCollection AddActorRecFileClickLog(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IClickLog, FileClickLog>();
        return services;
    }

    /// <summary>The Redis stream that every silo of a Redis-backed cluster appends to.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="redis">The log's own connection options, which it changes.</param>
    public static IServiceCollection AddActorRecRedisClickLog(this IServiceCollection services, ConfigurationOptions redis)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(redis);
        services.AddSingleton<IClickLog>(provider => new RedisStreamClickLog(
            redis, provider.GetRequiredService<IOptions<ClickLogOptions>>(), provider.GetService<IMeterFactory>()));
        return services;
    }
}
