using System.Diagnostics;
using System.Text;
using Xunit;

namespace ActorRec.Cli.Tests.Packaging;

/// <summary>One finished run of a program: its exit code and everything it wrote, stdout and stderr interleaved.</summary>
internal sealed record ProcessRun(string CommandLine, int ExitCode, string Output)
{
    /// <summary>Long enough for a pack of libtorch on a loaded two-core machine; a hung child fails the test instead of the run.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs <paramref name="program"/> to its end. MSBuild's variables, which a test host started by `dotnet test` inherits,
    /// are not passed on: they would point the child's SDK at the parent's MSBuild.
    /// </summary>
    public static async Task<ProcessRun> StartAsync(
        string program, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var commandLine = $"{program} {string.Join(' ', start.ArgumentList)}";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{commandLine}` did not finish within {Deadline.TotalMinutes:0} minutes:\n{output}");
        }

        // The asynchronous readers may still hold the last lines after the exit: WaitForExit() drains them.
        process.WaitForExit();
        return new ProcessRun(commandLine, process.ExitCode, output.ToString());
    }

    /// <summary>Asserts a zero exit code, showing the command and its output otherwise.</summary>
    public ProcessRun Succeeded()
    {
        Assert.True(ExitCode == 0, $"`{CommandLine}` exited with {ExitCode}:\n{Output}");
        return this;
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
}
