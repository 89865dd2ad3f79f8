using ActorRec.Grains.OnlineMetrics;
using Microsoft.Extensions.DependencyInjection;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>
/// A silo's count of clicks that reached its session grains, by where they entered the cluster. Read from the silo's
/// own <see cref="ServingMetrics"/> rather than its Prometheus scrape: the silos of a test share one process, where a
/// meter listener sees every silo's instruments of the same name.
/// </summary>
internal sealed record ClickOrigins(long Local, long Remote, long Gateway)
{
    public static ClickOrigins Of(ServerUnderTest silo)
    {
        var (local, remote, gateway) = silo.Services.GetRequiredService<ServingMetrics>().ClicksByOrigin;
        return new ClickOrigins(local, remote, gateway);
    }

    public static ClickOrigins operator -(ClickOrigins after, ClickOrigins before) =>
        new(after.Local - before.Local, after.Remote - before.Remote, after.Gateway - before.Gateway);
}
