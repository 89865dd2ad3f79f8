using System.ComponentModel.DataAnnotations;

namespace ActorRec.Server.Hosting;

/// <summary>How this process joins an Orleans cluster and where session state lives.</summary>
public sealed class ClusterHostingOptions
{
    public const string SectionName = "Cluster";

    [Required]
    public string ClusterId { get; set; } = "actorrec";

    [Required]
    public string ServiceId { get; set; } = "actorrec";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port of the Orleans client gateway, opened only with <see cref="ClientGateway"/>.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Whether this silo opens the Orleans client gateway on <see cref="GatewayPort"/> (default off). An Orleans client
    /// that reaches that port can call any grain with no authentication, past everything the gRPC API checks: open it
    /// only for the gateway tier (ActorRec.Gateway) or tools that are Orleans clients, on a private network.
    /// </summary>
    public bool ClientGateway { get; set; }

    /// <summary>The port the client gateway listens on: 0, which Orleans takes as no gateway, unless <see cref="ClientGateway"/>.</summary>
    internal int ListeningGatewayPort => ClientGateway ? GatewayPort : 0;

    /// <summary>
    /// The IP address this silo advertises to the other silos of a Redis-backed cluster (default loopback, which
    /// only suits silos on one machine); set it to an address they can reach when silos run on several hosts.
    /// Unused without <see cref="Redis"/>, where the cluster is this process alone.
    /// </summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Whether this silo runs as a Kubernetes pod (needs <see cref="Redis"/>): it then advertises the pod's IP instead of
    /// <see cref="AdvertisedAddress"/> and declares the silos of deleted pods dead without waiting for missed probes.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>
    /// StackExchange.Redis configuration string (e.g. "localhost:6379"). When set, session state and cluster
    /// membership live in Redis, so that silos sharing it form one cluster; when empty, state lives in memory and is
    /// lost with the process, which is a single-silo localhost cluster.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>
    /// A PEM or DER file with the certificate of the CA that signed the Redis server's certificate, trusted for the
    /// Redis connections only (with ssl=true in <see cref="Redis"/>); empty to use the machine's trust store.
    /// </summary>
    public string? RedisCaCertificate { get; set; }
}
