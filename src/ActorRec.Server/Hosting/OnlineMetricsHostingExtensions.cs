using ActorRec.Grains.OnlineMetrics;

namespace ActorRec.Server.Hosting;

/// <summary>Adds the online accuracy window, the serving instruments and the cluster-wide reader of the online metrics.</summary>
internal static class OnlineMetricsHostingExtensions
{
    public static IServiceCollection AddActorRecOnlineMetrics(this IServiceCollection services)
    {
        services.AddOptions<OnlineMetricsOptions>().BindConfiguration(OnlineMetricsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OnlineAccuracyWindow>();
        services.AddSingleton<ServingMetrics>();
        return services;
    }
}
