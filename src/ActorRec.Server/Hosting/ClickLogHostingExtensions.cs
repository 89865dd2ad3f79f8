using ActorRec.Grains.ClickLog;

namespace ActorRec.Server.Hosting;

/// <summary>Opens the click log with the silo; which log it is, the silo's storage chooses.</summary>
internal static class ClickLogHostingExtensions
{
    /// <summary>
    /// Binds the "ClickLog" options and opens the <see cref="IClickLog"/> that the storage registers (see
    /// <see cref="StorageSiloBuilderExtensions"/>) at startup. Call it before the silo is added, so that the log opens
    /// before the silo starts and closes after it stopped.
    /// </summary>
    public static IServiceCollection AddActorRecClickLog(this IServiceCollection services)
    {
        services.AddOptions<ClickLogOptions>().BindConfiguration(ClickLogOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<ClickLogStartup>();
        return services;
    }
}
