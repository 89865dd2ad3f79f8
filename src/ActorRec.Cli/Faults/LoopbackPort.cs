using System.Net;
using System.Net.Sockets;

namespace ActorRec.Cli.Faults;

/// <summary>Free TCP ports on the loopback interface, the only one the harness uses.</summary>
internal static class LoopbackPort
{
    /// <summary>A loopback TCP port that was free when asked.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
