using System.Net;
using System.Net.Sockets;

namespace ActorRec.Cli.Faults;

/// <summary>Free TCP ports on the loopback interface, the only one the harness uses.</summary>
internal static class LoopbackPort
{
    // Below Linux's default ephemeral range (32768-60999). A port the kernel hands out for listening on port 0 lies in
    // that range, where any outgoing connection made between choosing it and the child process binding it (the harness's
    // own, Redis', another test's) can take it as its local port; ports chosen here are never handed out that way.
    private const int First = 20000;
    private const int Last = 32767;

    /// <summary>A loopback TCP port that was free when asked, outside the range the kernel gives outgoing connections.</summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(First, Last + 1);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {Last} after 1,000 tries.");
    }
}
