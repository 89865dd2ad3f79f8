using System.ComponentModel.DataAnnotations;

namespace ActorRec.Gateway;

/// <summary>The cluster the gateway joins as an Orleans client: the silos' Redis and their ClusterId/ServiceId.</summary>
public sealed class GatewayClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>StackExchange.Redis configuration string of the Redis that holds the silos' membership table.</summary>
    [Required(ErrorMessage = "Cluster:Redis is required: the gateway finds the silos in the cluster's membership table in Redis")]
    public string Redis { get; set; } = "";

    /// <summary>The CA file that signed the Redis server's certificate (with ssl=true in <see cref="Redis"/>), as the silos' setting.</summary>
    public string? RedisCaCertificate { get; set; }

    [Required]
    public string ClusterId { get; set; } = "actorrec";

    [Required]
    public string ServiceId { get; set; } = "actorrec";

    /// <summary>How long to wait between attempts while no silo can be reached at start.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ConnectRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
