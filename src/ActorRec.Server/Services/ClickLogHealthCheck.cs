using ActorRec.Grains.ClickLog;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorRec.Server.Services;

/// <summary>
/// Ready only while the click log takes appends: a click is answered only after it is logged, so a silo with a
/// faulted log or an unreachable Redis would fail every click it is sent.
/// </summary>
internal sealed class ClickLogHealthCheck(IClickLog clickLog) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await clickLog.ProbeAsync(cancellationToken) is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy("the click log takes appends");
}
