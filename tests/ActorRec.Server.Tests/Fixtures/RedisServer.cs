extern alias cli;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using cli::ActorRec.Cli.Faults;
using Xunit;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>
/// A real redis-server child process on a free loopback port with its own temporary folder, killed and deleted on
/// dispose. Nothing is persisted to disk: the data lives as long as the process, which is all the tests need.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output;
    private readonly bool _tls;

    private RedisServer(Process process, string directory, StringBuilder output, int port, bool tls)
    {
        _process = process;
        _directory = directory;
        _output = output;
        _tls = tls;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string ConfigurationString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Starts redis-server and returns once it answers PING; skips the calling test when redis-server is not installed.
    /// </summary>
    public static Task<RedisServer> StartAsync(CancellationToken cancellationToken) => StartAsync([], tls: false, cancellationToken);

    /// <summary>Starts redis-server with more settings, such as a password, ACL users or TLS.</summary>
    /// <param name="settings">Arguments after the fixture's own, as redis.conf lines on the command line ("--requirepass", "...").</param>
    /// <param name="tls">Whether the port is a TLS port (the plain one closed): the settings then name the certificate files.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static async Task<RedisServer> StartAsync(IReadOnlyList<string> settings, bool tls, CancellationToken cancellationToken)
    {
        var executable = RedisInstance.FindExecutable();
        if (executable is null)
        {
            Assert.Skip("redis-server is not installed (looked for /usr/bin/redis-server and on PATH): scripts/bootstrap.sh installs it.");
        }

        // The free port may be taken between asking and binding: a redis-server that exits at once gets another one.
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var directory = Directory.CreateTempSubdirectory("actorrec-redis-").FullName;
            var output = new StringBuilder();
            var server = new RedisServer(Launch(executable, port, tls, settings, directory, output), directory, output, port, tls);
            try
            {
                if (await server.WaitUntilReadyAsync(cancellationToken))
                {
                    return server;
                }

                if (attempt == attempts)
                {
                    throw new InvalidOperationException(
                        $"redis-server exited with code {server._process.ExitCode} before answering PING on port {port} ({attempts} attempts):\n{server.Output()}");
                }
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }

            await server.DisposeAsync();
        }
    }

    /// <summary>A loopback TCP port that was free when asked, outside the kernel's range for outgoing connections (<see cref="LoopbackPort"/>).</summary>
    public static int FreePort() => LoopbackPort.Free();

    /// <summary>Stops the process (SIGSTOP) without ending it: connections stay open and nothing is answered, as a hung Redis.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>Lets a frozen process go on (SIGCONT).</summary>
    public Task ThawAsync() => SignalAsync("CONT");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} exited with {kill.ExitCode}");
        }
    }

    private static Process Launch(string executable, int port, bool tls, IReadOnlyList<string> settings, string directory, StringBuilder output)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        var listen = tls
            ? new[] { "--port", "0", "--tls-port", port.ToString(CultureInfo.InvariantCulture) }
            : ["--port", port.ToString(CultureInfo.InvariantCulture)];
        foreach (var argument in (string[])[
            "--bind", "127.0.0.1",
            .. listen,
            "--dir", directory,
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            .. settings])
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>True once the server is ready (answers PING); false when it exited first (typically: the port was taken).</summary>
    private async Task<bool> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            // A server that exited (port taken) must not be mistaken for whatever else answers on that port.
            if (await IsReadyAsync(cancellationToken) && !_process.HasExited)
            {
                return true;
            }

            if (_process.HasExited)
            {
                return false;
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"redis-server did not answer PING on port {Port} within {StartTimeout.TotalSeconds} s:\n{Output()}");
            }

            // A poll interval, not a synchronisation: the condition is checked again until the deadline.
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>
    /// A plain port answers PING (with NOAUTH when it needs a password: it is up all the same); a TLS port says so in the
    /// server's log, which it writes once it listens, rather than in a handshake this fixture would have to trust.
    /// </summary>
    private async Task<bool> IsReadyAsync(CancellationToken cancellationToken) =>
        _tls ? Output().Contains("Ready to accept connections", StringComparison.Ordinal) : await AnswersPingAsync(cancellationToken);

    private async Task<bool> AnswersPingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            var answer = Encoding.ASCII.GetString(buffer, 0, read);
            return answer.StartsWith("+PONG", StringComparison.Ordinal) || answer.StartsWith("-NOAUTH", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            // The connection was reset while the server was still coming up; ask again.
            return false;
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
}
