using StackExchange.Redis;

namespace ActorRec.Api;

/// <summary>
/// Builds the StackExchange.Redis options of every connection the silos and the gateways make (membership, grain
/// storage, the click log), so that credentials and TLS are read the same way by all of them.
/// </summary>
/// <remarks>
/// The configuration string carries the credentials (password=..., or user=...,password=... for an ACL user) and
/// ssl=true for TLS; what a string cannot hold, the CA file to verify the server's certificate against, comes from
/// its own setting. Messages here name the endpoints only: the string itself holds the password.
/// </remarks>
internal static class RedisConnection
{
    /// <summary>The setting that names the CA file, as operators write it.</summary>
    public const string CaCertificateSetting = "Cluster:RedisCaCertificate";

    /// <summary>A new options instance for one connection (each provider owns its connection and may change its copy).</summary>
    /// <param name="configuration">StackExchange.Redis configuration string, e.g. "redis:6380,user=actorrec,password=...,ssl=true".</param>
    /// <param name="caCertificate">
    /// A PEM or DER file holding the certificate of the CA that signed the server's certificate, trusted for this
    /// connection only; null or empty to verify against the machine's trust store. The server's name must still
    /// match its certificate.
    /// </param>
    public static ConfigurationOptions Create(string configuration, string? caCertificate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var options = ConfigurationOptions.Parse(configuration);
        if (string.IsNullOrWhiteSpace(caCertificate))
        {
            return options;
        }

        if (!options.Ssl)
        {
            throw new InvalidOperationException(
                $"{CaCertificateSetting} is set but the Redis configuration for {Endpoints(options)} does not enable TLS: add ssl=true to it.");
        }

        if (!File.Exists(caCertificate))
        {
            throw new FileNotFoundException($"{CaCertificateSetting}: the CA certificate file '{caCertificate}' does not exist.", caCertificate);
        }

        options.TrustIssuer(caCertificate);
        return options;
    }

    /// <summary>The endpoints of <paramref name="options"/>, for messages and logs: never the whole string, which holds the password.</summary>
    public static string Endpoints(ConfigurationOptions options) => string.Join(", ", options.EndPoints);
}
