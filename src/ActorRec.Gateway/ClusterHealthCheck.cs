using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorRec.Gateway;

/// <summary>
/// The gateway is ready while it can reach the cluster and the cluster has active silos; the silos' own readiness
/// (model loaded, click log, Redis) decides which of them Orleans routes to.
/// </summary>
internal sealed class ClusterHealthCheck(IClusterClient cluster) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silos = await cluster.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Timeout, cancellationToken);
            return silos.Count > 0
                ? HealthCheckResult.Healthy($"{silos.Count} active silos")
                : HealthCheckResult.Unhealthy("the cluster has no active silo");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the cluster cannot be reached", e);
        }
    }
}
