using ActorRec.Models.Checkpoints;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Cli.Tests.Packaging;

/// <summary>
/// The `actorrec` dotnet tool as a user gets it: packed from the build, installed from a local folder into a tool path,
/// then run as a process: its version, a small training run and an evaluation of the checkpoint it wrote.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_installed_tool_trains_and_evaluates_like_the_repository_build()
    {
        var packages = Path.Combine(_folder.Path, "packages-built");
        var tools = Path.Combine(_folder.Path, "tools");
        await BuildOutput.PackAsync("ActorRec.Cli", packages, _folder.Path);
        var config = BuildOutput.WriteIsolatedNuGetConfig(_folder.Path, packages);

        (await ProcessRun.StartAsync(BuildOutput.Dotnet,
            ["tool", "install", "ActorRec.Cli", "--version", BuildOutput.Version, "--tool-path", tools, "--configfile", config],
            _folder.Path)).Succeeded();
        var actorrec = Path.Combine(tools, OperatingSystem.IsWindows() ? "actorrec.exe" : "actorrec");

        var version = (await RunAsync(actorrec, ["--version"])).Succeeded();
        Assert.StartsWith(BuildOutput.Version, version.Output.Trim(), StringComparison.Ordinal);

        // No OMP_WAIT_POLICY from outside: the tool must choose passive waiting itself, which libgomp shows as a spin count of 0
        // (its default without a policy is 300000).
        var checkpoint = Path.Combine(_folder.Path, "checkpoint");
        var train = (await RunAsync(actorrec,
            [
                "train", "--data", "synthetic:items=200,sessions=800,seed=3", "--epochs", "1", "--layers", "16", "--batch-size", "16",
                "--threads", "1", "--no-epoch-eval", "--baselines", "pop", "--out", checkpoint,
            ],
            new Dictionary<string, string?> { ["OMP_WAIT_POLICY"] = null, ["OMP_DISPLAY_ENV"] = "verbose" })).Succeeded();
        Assert.Contains("GOMP_SPINCOUNT = '0'", train.Output, StringComparison.Ordinal);
        foreach (var file in new[] { Checkpoint.ManifestFile, "weights.dat", "vocabulary.json", "evaluation.json" })
        {
            Assert.True(File.Exists(Path.Combine(checkpoint, file)), $"the checkpoint has no {file}:\n{train.Output}");
        }

        var results = Path.Combine(_folder.Path, "results");
        var evaluate = (await RunAsync(actorrec, ["evaluate", checkpoint, "--threads", "1", "--results", results])).Succeeded();
        var versionId = Checkpoint.ReadManifest(checkpoint).VersionId;
        Assert.True(File.Exists(Path.Combine(results, $"evaluate-{versionId}.json")), $"no evaluate-{versionId}.json in {results}:\n{evaluate.Output}");
        Assert.Contains("Reproduces the metrics recorded in the manifest exactly", evaluate.Output, StringComparison.Ordinal);

        var missing = Path.Combine(_folder.Path, "no-checkpoint");
        var refused = await RunAsync(actorrec, ["evaluate", missing]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"actorrec train --data <data set> --out {missing}", refused.Output, StringComparison.Ordinal);

        var mistyped = await RunAsync(actorrec, ["train", "--epoch", "1"]);
        Assert.NotEqual(0, mistyped.ExitCode);
        Assert.Contains("--epochs", mistyped.Output, StringComparison.Ordinal);
        Assert.Contains("Run `actorrec train --help` for its options and examples.", mistyped.Output, StringComparison.Ordinal);
    }

    private Task<ProcessRun> RunAsync(string actorrec, string[] arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        ProcessRun.StartAsync(actorrec, arguments, _folder.Path, environment);
}
