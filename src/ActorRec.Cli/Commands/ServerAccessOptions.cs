using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorRec.Cli.Commands;

/// <summary>The options of every command that calls a server: the credential to send and the certificate authority to trust.</summary>
internal sealed class ServerAccessOptions
{
    public const string ApiKeyVariable = "ACTORREC_API_KEY";

    // No DefaultValueFactory reading the variable: help prints defaults, and the key must never be printed.
    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"API key (or JWT) sent with every call. Default: the {ApiKeyVariable} environment variable, which keeps the key out of shell history.",
    };

    public Option<string?> CaCert { get; } = new("--ca-cert")
    {
        Description = "PEM file of the private certificate authority that signed the server's certificate (https:// addresses): the server is verified against it instead of the system's roots.",
    };

    /// <summary>The key and authority given on the command line or, for the key, in <see cref="ApiKeyVariable"/>.</summary>
    public ServerAccess Read(ParseResult parse, Func<string, string?>? environment = null)
    {
        var key = parse.GetValue(ApiKey);
        if (string.IsNullOrEmpty(key))
        {
            key = (environment ?? Environment.GetEnvironmentVariable)(ApiKeyVariable);
        }

        return new ServerAccess(string.IsNullOrWhiteSpace(key) ? null : key.Trim(), parse.GetValue(CaCert) is { } pem ? LoadAuthority(pem) : null);
    }

    private static X509Certificate2 LoadAuthority(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--ca-cert: {path} does not exist.", path);
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(path);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"--ca-cert: {path} holds no PEM certificate (-----BEGIN CERTIFICATE-----): {e.Message}", e);
        }
    }
}
