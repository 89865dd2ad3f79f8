using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActorRec.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>
/// The built server (ActorRec.Server.dll beside the tests) running as a child process, `dotnet ActorRec.Server.dll`
/// with its settings on the command line and a temporary working folder, reached over a real HTTP/2 gRPC channel on a
/// free loopback port. Killed on dispose when still running.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _workingDirectory;
    private readonly StringBuilder _output = new();

    public ServerProcess(IReadOnlyDictionary<string, string> settings)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "ActorRec.Server.dll");
        if (!File.Exists(server))
        {
            throw new FileNotFoundException($"The built server is not beside the tests: {server}.", server);
        }

        Port = RedisServer.FreePort();
        _workingDirectory = Directory.CreateTempSubdirectory("actorrec-server-").FullName;
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _workingDirectory,
        };
        start.ArgumentList.Add(server);
        var all = new Dictionary<string, string>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}",
            ["Cluster:SiloPort"] = RedisServer.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = RedisServer.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Inference:Device"] = "cpu",
            ["ModelSync:Interval"] = "00:00:00.200",
            ["Admin:ActivateCooldown"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        foreach (var (key, value) in all)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        // libtorch's OpenMP threads spin by default, which starves everything else on a small machine.
        start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");
        Recommender = new Recommender.RecommenderClient(Channel);
    }

    public int Port { get; }

    public GrpcChannel Channel { get; }

    public Recommender.RecommenderClient Recommender { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits until the server answers a query with a model; fails with the server's output when it exits or times out first.</summary>
    public async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        var probe = new GetRecommendationsRequest { SessionId = $"probe-{Guid.NewGuid():N}", K = 1 };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before serving:\n{Output()}");
            }

            try
            {
                await Recommender.GetRecommendationsAsync(probe, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
                return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                // Not listening yet, or no model loaded yet.
            }

            if (clock.Elapsed > Eventually.Timeout)
            {
                throw new TimeoutException($"The server did not serve within {Eventually.Timeout.TotalSeconds} s:\n{Output()}");
            }

            // A poll interval, not a synchronisation: the condition is checked again until the deadline.
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Kills the process at once (SIGKILL on Unix): no shutdown code runs, as in a crash.</summary>
    public void Kill() => _process.Kill();

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_workingDirectory, recursive: true);
    }

    /// <summary>The dotnet host that runs the tests (the SDK names it in DOTNET_HOST_PATH), so the server runs on the same runtime.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
        : "dotnet";

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
