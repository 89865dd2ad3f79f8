using System.Net;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace ActorRec.Server.Hosting;

/// <summary>Runs a Redis-clustered silo as a Kubernetes pod.</summary>
internal static class KubernetesClusterHostingExtensions
{
    /// <summary>
    /// Adds Orleans' Kubernetes hosting on top of the Redis membership table, which it does not replace: the silo is
    /// named after its pod (POD_NAME), advertises the pod's IP (POD_IP) and listens on every interface of the pod, and
    /// the first silos of the cluster watch the pods of POD_NAMESPACE labelled orleans/serviceId and orleans/clusterId,
    /// so that the silo of a deleted pod is declared dead at once rather than after its missed probes. It needs a
    /// service account allowed to get, list, watch and patch pods.
    /// </summary>
    public static ISiloBuilder UseActorRecKubernetesHosting(this ISiloBuilder silo, ClusterHostingOptions cluster)
    {
        // Orleans' hosting lets ORLEANS_SERVICE_ID and ORLEANS_CLUSTER_ID override the ids configured here, while the
        // gateways read only the Cluster section: ids that disagree would form a cluster that no gateway can join.
        RequireSameId(KubernetesHostingOptions.ServiceIdEnvironmentVariable, nameof(ClusterHostingOptions.ServiceId), cluster.ServiceId);
        RequireSameId(KubernetesHostingOptions.ClusterIdEnvironmentVariable, nameof(ClusterHostingOptions.ClusterId), cluster.ClusterId);

        // Orleans' own default, the host's first IPv4 address, is applied before the Kubernetes hosting would apply
        // POD_IP, which then goes unused: set it here. Without POD_IP that default stays, the pod's address in a pod
        // with one network interface.
        var podIp = PodIp();
        silo.Configure<EndpointOptions>(endpoints =>
        {
            endpoints.SiloPort = cluster.SiloPort;
            endpoints.GatewayPort = cluster.ListeningGatewayPort;
            if (podIp is not null)
            {
                endpoints.AdvertisedIPAddress = podIp;
            }
        });
        return silo.UseKubernetesHosting();
    }

    private static IPAddress? PodIp()
    {
        var value = Environment.GetEnvironmentVariable(KubernetesHostingOptions.PodIPEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return IPAddress.TryParse(value, out var address)
            ? address
            : throw new InvalidOperationException($"{KubernetesHostingOptions.PodIPEnvironmentVariable} '{value}' is not an IP address.");
    }

    private static void RequireSameId(string variable, string key, string configured)
    {
        var fromPod = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(fromPod) && !string.Equals(fromPod, configured, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{variable} '{fromPod}' differs from {ClusterHostingOptions.SectionName}:{key} '{configured}'; set both to the same value.");
        }
    }
}
