using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace ActorRec.Cli.Faults;

/// <summary>
/// A .NET service of the cluster (a silo, the gateway, the reference silo) run as `dotnet &lt;dll&gt; --Section:Key=value ...`
/// with a gRPC endpoint on a loopback port, ready when its gRPC health service reports SERVING.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    /// <param name="name">For messages and the log file's name.</param>
    /// <param name="dll">The built service.</param>
    /// <param name="settings">Configuration keys and values; the gRPC endpoint is added here.</param>
    /// <param name="folder">The working folder; its log file goes beside it.</param>
    public ServiceProcess(string name, string dll, IReadOnlyDictionary<string, string> settings, string folder)
    {
        Name = name;
        GrpcPort = LoopbackPort.Free();
        Url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{GrpcPort}"));
        var all = new Dictionary<string, string>(settings) { ["Kestrel:Endpoints:Grpc:Url"] = Url.ToString().TrimEnd('/') };
        _process = new ChildProcess(
            name,
            DotnetHost(),
            [dll, .. all.Select(setting => $"--{setting.Key}={setting.Value}")],
            folder,
            Path.Combine(Path.GetDirectoryName(Path.GetFullPath(folder))!, $"{name}.log"));
        Channel = GrpcChannel.ForAddress(Url);
    }

    public string Name { get; }

    public int GrpcPort { get; }

    public Uri Url { get; }

    /// <summary>A channel to the service, kept across restarts (it reconnects).</summary>
    public GrpcChannel Channel { get; }

    public bool IsRunning => _process.IsRunning;

    public void Start() => _process.Start();

    public Task KillAsync() => _process.KillAsync();

    /// <summary>Waits until the gRPC health service reports SERVING; fails with the process's last output when it exits or the time runs out.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var health = new Health.HealthClient(Channel);
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (true)
        {
            if (!_process.IsRunning)
            {
                throw new InvalidOperationException($"{Name} exited before it was ready:\n{_process.Tail}");
            }

            try
            {
                var answer = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);
                if (answer.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }

                last = answer.Status.ToString();
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal)
            {
                last = e.Status.Detail;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:0} s (last: {last}):\n{_process.Tail}");
            }

            // A poll interval, not a synchronisation: the condition is checked again until the deadline.
            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _process.DisposeAsync();
    }

    /// <summary>The dotnet host: the one named by the SDK when run from it (tests), else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
        : "dotnet";
}
