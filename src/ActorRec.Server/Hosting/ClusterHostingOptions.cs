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

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// StackExchange.Redis configuration string (e.g. "localhost:6379"). When set, session state is persisted in
    /// Redis; when empty, it lives in memory and is lost with the process.
    /// </summary>
    public string? Redis { get; set; }
}
