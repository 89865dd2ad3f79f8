using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace ActorRec.Cli.Faults;

/// <summary>
/// redis-server on a loopback port with its own folder and an append-only file synced every second, as a production
/// Redis would run: a kill (of the process, not the machine) loses nothing Redis acknowledged, and a restart on the
/// same folder reads it all back.
/// </summary>
internal sealed class RedisInstance : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly ConnectionMultiplexer _admin;

    private RedisInstance(ChildProcess process, ConnectionMultiplexer admin, int port)
    {
        _process = process;
        _admin = admin;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string the silos and the verification use.</summary>
    public string ConfigurationString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public static async Task<RedisInstance> StartAsync(string folder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var executable = FindExecutable()
            ?? throw new ArgumentException("redis-server is not installed (looked for /usr/bin/redis-server and on PATH): scripts/bootstrap.sh installs it.");
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        var port = LoopbackPort.Free();
        string[] arguments =
        [
            "--bind", "127.0.0.1",
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--dir", data,
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--daemonize", "no",

            // DEBUG SLEEP stalls the server; Redis 7 accepts DEBUG only when enabled, here from loopback only.
            "--enable-debug-command", "local",
        ];
        var process = new ChildProcess("redis", executable, arguments, data, Path.Combine(folder, "redis.log"));
        process.Start();

        var admin = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", port } },
            AbortOnConnectFail = false,
        });
        var redis = new RedisInstance(process, admin, port);
        try
        {
            await redis.WaitUntilReadyAsync(timeout, cancellationToken);
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection of the harness's own (reading the click log afterwards).</summary>
    public IConnectionMultiplexer Connection => _admin;

    public Task KillAsync() => _process.KillAsync();

    /// <summary>Starts redis-server again on the same port and folder; it reads the append-only file back before it answers.</summary>
    public Task RestartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _process.Start();
        return WaitUntilReadyAsync(timeout, cancellationToken);
    }

    /// <summary>
    /// Sends DEBUG SLEEP on a connection of its own: Redis answers nobody for <paramref name="duration"/>. Completes when
    /// it answers again. Not through the multiplexer, which may hold the command back while it reconnects after a kill.
    /// </summary>
    public async Task StallAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var seconds = duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        using var connection = new TcpClient();
        await connection.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
        var stream = connection.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"*3\r\n$5\r\nDEBUG\r\n$5\r\nSLEEP\r\n${seconds.Length}\r\n{seconds}\r\n"), cancellationToken);
        var reply = new byte[256];
        var read = await stream.ReadAsync(reply, cancellationToken);
        var text = Encoding.ASCII.GetString(reply, 0, read);
        if (!text.StartsWith("+OK", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"DEBUG SLEEP was refused: {text.Trim()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _process.DisposeAsync();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (!_process.IsRunning)
            {
                throw new InvalidOperationException($"redis-server exited before answering PING on port {Port}:\n{_process.Tail}");
            }

            try
            {
                // A loading server answers PING with -LOADING, which is an error here.
                await _admin.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                if (clock.Elapsed > timeout)
                {
                    throw new TimeoutException($"redis-server did not answer PING on port {Port} within {timeout.TotalSeconds:0} s: {e.Message}\n{_process.Tail}");
                }
            }

            // A poll interval, not a synchronisation: the condition is checked again until the deadline.
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>redis-server as Debian installs it, else the first on PATH; null when there is none.</summary>
    internal static string? FindExecutable()
    {
        const string debian = "/usr/bin/redis-server";
        if (File.Exists(debian))
        {
            return debian;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, OperatingSystem.IsWindows() ? "redis-server.exe" : "redis-server"))
            .FirstOrDefault(File.Exists);
    }
}
