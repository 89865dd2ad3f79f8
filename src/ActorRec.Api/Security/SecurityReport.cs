using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ActorRec.Api.Security;

/// <summary>
/// Reads the API key file before the first call, and says once started who may call and where the server listens, so
/// that an open server never goes unnoticed.
/// </summary>
internal sealed partial class SecurityReport(IOptions<SecurityOptions> options, ApiKeyStore keys, IServer server, IHostApplicationLifetime lifetime, ILogger<SecurityReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // A key file that does not parse stops the start here rather than refusing every call later.
        keys.Load();
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Report()
    {
        var security = options.Value;
        var addresses = string.Join(", ", server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
        if (!security.CredentialsConfigured)
        {
            if (security.AllowAnonymous)
            {
                LogOpen(logger, addresses, string.Join(", ", security.AnonymousScopes));
            }
            else
            {
                LogLoopbackOnly(logger, addresses);
            }

            return;
        }

        var ways = new List<string>();
        if (security.ApiKeys.Count > 0 || !string.IsNullOrWhiteSpace(security.ApiKeysFile))
        {
            ways.Add(string.IsNullOrWhiteSpace(security.ApiKeysFile) ? "API keys" : $"API keys (file {security.ApiKeysFile})");
        }

        if (security.Jwt.Configured)
        {
            ways.Add($"JWT for audience {security.Jwt.Audience}");
        }

        LogAuthenticated(logger, addresses, string.Join(" and ", ways), security.AllowAnonymous ? string.Join(", ", security.AnonymousScopes) : "nothing");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No credentials configured: serving anonymous callers on loopback only ({Addresses}). Configure Security:ApiKeysFile or Security:Jwt to listen on other addresses")]
    private static partial void LogLoopbackOnly(ILogger logger, string addresses);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Security:AllowAnonymous=true and no credentials configured: anyone who reaches {Addresses} may {Scopes}")]
    private static partial void LogOpen(ILogger logger, string addresses, string scopes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening on {Addresses}; callers authenticate with {Ways}; anonymous callers may {Anonymous}")]
    private static partial void LogAuthenticated(ILogger logger, string addresses, string ways, string anonymous);
}
