using Microsoft.Extensions.DependencyInjection;

namespace ActorRec.Grains.OnlineMetrics;

/// <summary>Registers the online accuracy window and the serving instruments.</summary>
public static class OnlineMetricsServiceCollectionExtensions
{
    /// <summary>Adds both as singletons; bind <see cref="OnlineMetricsOptions"/> separately.</summary>
    public static IServiceCollection AddActorRecOnlineMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<OnlineAccuracyWindow>();
        services.AddSingleton<ServingMetrics>();
        return services;
    }
}
