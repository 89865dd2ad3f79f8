using System.Diagnostics;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>
/// The built `actorrec` command run as a child process, as a user runs it, from its own output folder: the copy beside
/// the tests would bind to the test folder's newer framework extension assemblies and fail to load.
/// </summary>
internal static class CliProcess
{
    /// <summary>Runs the command to its end and returns its exit code and its stdout and stderr together.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="environment">Variables to set; ACTORREC_API_KEY is removed unless given, so the caller's own never leaks in.</param>
    /// <param name="cancellationToken">Stops waiting (the process is killed).</param>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        // artifacts/bin/ActorRec.Server.Tests/<configuration>/ -> artifacts/bin/ActorRec.Cli/<configuration>/ (the pinned ArtifactsPath).
        var configuration = Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var cli = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "ActorRec.Cli", configuration, "actorrec.dll"));
        if (!File.Exists(cli))
        {
            throw new FileNotFoundException($"The built CLI is not in its output folder: {cli}.", cli);
        }

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ACTORREC_API_KEY");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await Eventually.Within(process.WaitForExitAsync(cancellationToken), $"actorrec {string.Join(' ', args.Take(2))} to exit");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await output + await errors);
    }
}
