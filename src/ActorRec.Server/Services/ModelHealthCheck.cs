using ActorRec.Grains.Serving;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorRec.Server.Services;

/// <summary>Serving is healthy only once this silo has a model loaded; before that every click would fail.</summary>
internal sealed class ModelHealthCheck(ModelHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(host.Current is { } model
            ? HealthCheckResult.Healthy($"serving {model.VersionId}")
            : HealthCheckResult.Unhealthy("no model loaded: the model store is empty or the active version is still loading"));
}
