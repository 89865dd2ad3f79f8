using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ActorRec.Api.Security;

/// <summary>
/// Refuses to listen beyond loopback while anyone could call: with no credentials configured and anonymous access not
/// explicitly allowed, an endpoint on any other address stops the start with a message naming the settings to change.
/// Checked for every Kestrel endpoint before it binds, whichever way it was configured.
/// </summary>
internal static class ListenGuard
{
    public static void Check(ListenOptions endpoint, SecurityOptions security)
    {
        if (security.CredentialsConfigured || security.AllowAnonymous || IsLocal(endpoint))
        {
            return;
        }

        throw new InvalidOperationException(
            $"Refusing to listen on {Describe(endpoint)}: it is reachable from other machines and no credentials are configured, so anyone could call every "
            + $"method. Configure API keys ({SecurityOptions.SectionName}:ApiKeysFile, see `actorrec keys create`) or JWT ({SecurityOptions.SectionName}:Jwt:Authority or "
            + $"{SecurityOptions.SectionName}:Jwt:PublicKeyFile), or set {SecurityOptions.SectionName}:AllowAnonymous=true to serve anonymous callers on purpose, or listen "
            + "on a loopback address (http://localhost:5000).");
    }

    /// <summary>Loopback addresses, and sockets that are not on the network at all (Unix sockets, named pipes).</summary>
    public static bool IsLocal(ListenOptions endpoint) =>
        endpoint.IPEndPoint is not { } ip || IPAddress.IsLoopback(ip.Address);

    private static string Describe(ListenOptions endpoint) =>
        endpoint.IPEndPoint is { } ip && (ip.Address.Equals(IPAddress.Any) || ip.Address.Equals(IPAddress.IPv6Any))
            ? $"every address (port {ip.Port})"
            : endpoint.ToString() ?? "an address";
}
