using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace ActorRec.Api.Security;

/// <summary>
/// Refuses to listen beyond loopback while anyone could call: with no credentials configured and anonymous access not
/// explicitly allowed, an endpoint on any other address stops the start with a message naming the settings to change.
/// The configured addresses are checked before anything starts; every Kestrel endpoint is checked again before it
/// binds, whichever way it was configured.
/// </summary>
internal static class ListenGuard
{
    /// <summary>Checks the addresses configuration gives (Kestrel endpoints, <c>urls</c>, <c>http_ports</c>).</summary>
    public static void CheckConfigured(IConfiguration configuration, SecurityOptions security)
    {
        if (IsGuarded(security))
        {
            return;
        }

        if (NonLocalConfigured(configuration).FirstOrDefault() is { } open)
        {
            throw Refused(open);
        }
    }

    /// <summary>The configured addresses reachable from other machines (Kestrel endpoints, <c>urls</c>, <c>http_ports</c>).</summary>
    public static IEnumerable<string> NonLocalConfigured(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>().ToList();
        var urls = endpoints.Count > 0 ? endpoints : (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var url in urls.Where(url => !IsLocal(url)))
        {
            yield return url;
        }

        // Kestrel binds every address for these.
        foreach (var key in new[] { "http_ports", "https_ports" }.Where(key => endpoints.Count == 0 && !string.IsNullOrWhiteSpace(configuration[key])))
        {
            yield return $"{key}={configuration[key]}";
        }
    }

    public static void Check(ListenOptions endpoint, SecurityOptions security)
    {
        if (!IsGuarded(security) && !IsLocal(endpoint))
        {
            throw Refused(endpoint.ToString() ?? "an address");
        }
    }

    /// <summary>Loopback addresses, and sockets that are not on the network at all (Unix sockets, named pipes).</summary>
    public static bool IsLocal(ListenOptions endpoint) =>
        endpoint.IPEndPoint is not { } ip || IPAddress.IsLoopback(ip.Address);

    private static bool IsGuarded(SecurityOptions security) => security.CredentialsConfigured || security.AllowAnonymous;

    private static bool IsLocal(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            // Kestrel itself refuses it at start, with its own message.
            return true;
        }

        var host = address.Host.Trim('[', ']');
        return address.IsUnixPipe || address.IsNamedPipe || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    private static OpenEndpointException Refused(string where) => new(
        $"Refusing to listen on {where}: it is reachable from other machines and no credentials are configured, so anyone could call every method. "
        + $"Configure API keys ({SecurityOptions.SectionName}:ApiKeysFile, made with `actorrec keys create`) or JWT ({SecurityOptions.SectionName}:Jwt:Authority or "
        + $"{SecurityOptions.SectionName}:Jwt:PublicKeyFile); or set {SecurityOptions.SectionName}:AllowAnonymous=true to serve anonymous callers on purpose; "
        + "or listen on a loopback address only (http://localhost:5000).");
}
