using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using ActorRec.Cli.Commands;
using ActorRec.Cli.Tests.Packaging;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Testing;
using Grpc.Core;
using Xunit;

namespace ActorRec.Cli.Tests.Commands;

/// <summary>What the CLI tells the user to do next about the failures that are theirs to fix.</summary>
public sealed class ErrorAdviceTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_missing_checkpoint_is_answered_with_the_train_command_that_makes_it()
    {
        var missing = Path.Combine(_folder.Path, "runs", "yc");

        var error = Assert.Throws<FileNotFoundException>(() => Checkpoint.ReadManifest(missing));

        Assert.True(ErrorAdvice.IsUsersToFix(error));
        Assert.Contains($"`actorrec train --data <data set> --out {missing}`", ErrorAdvice.For(error, "actorrec evaluate"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_checkpoint_is_told_apart_from_a_damaged_data_file()
    {
        var checkpoint = Directory.CreateDirectory(Path.Combine(_folder.Path, "checkpoint")).FullName;
        var manifest = _folder.Write("checkpoint/" + Checkpoint.ManifestFile, "{\n  \"format\": 1,\n");
        var damagedCheckpoint = Assert.Throws<DataFileException>(() => Checkpoint.ReadManifest(checkpoint));
        var damagedData = new DataFileException(_folder.Write("data/train.tsv", "SessionId\tItemId\n"), 2, "no readable rows");

        Assert.Equal(manifest, damagedCheckpoint.FilePath);
        Assert.Contains("train it again", ErrorAdvice.For(damagedCheckpoint, "actorrec evaluate"), StringComparison.Ordinal);
        Assert.Contains("`actorrec train --data synthetic`", ErrorAdvice.For(damagedData, "actorrec train"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_flag_value_points_to_the_command_help()
    {
        var error = Assert.Throws<ArgumentException>(() => Workflow.ParseDevice("tpu"));

        Assert.True(ErrorAdvice.IsUsersToFix(error));
        Assert.Equal("`actorrec train --help` lists the options, with examples.", ErrorAdvice.For(error, "actorrec train"));
    }

    [Theory]
    [InlineData("train")]
    [InlineData("evaluate")]
    public async Task Asking_for_cuda_without_a_gpu_exits_2_with_one_line_naming_the_flag_and_what_to_do(string command)
    {
        Assert.SkipWhen(TorchSharp.torch.cuda.is_available(), "TorchSharp finds a CUDA device here, so --device cuda is valid.");
        var actorrec = Path.Combine(AppContext.BaseDirectory, "actorrec.dll");
        string[] arguments = command == "train"
            ? [actorrec, "train", "--data", "synthetic:items=50,sessions=100", "--device", "cuda", "--out", Path.Combine(_folder.Path, "never")]
            : [actorrec, "evaluate", _folder.Path, "--device", "cuda"];

        var run = await ProcessRun.StartAsync(BuildOutput.Dotnet, arguments, _folder.Path);

        Assert.True(run.ExitCode == 2, $"exited with {run.ExitCode}:\n{run.Output}");
        var error = run.Output.Split('\n').Single(l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.StartsWith("error: --device: 'cuda' asks for CUDA, but TorchSharp found 0 CUDA device(s)", error, StringComparison.Ordinal);
        Assert.Contains("use --device auto or cpu", error, StringComparison.Ordinal);
        Assert.Contains("-p:TorchSharpBackend=TorchSharp-cuda-linux", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_machine_without_loadable_libtorch_is_sent_to_the_bootstrap_and_the_packages_document()
    {
        // What TorchSharp throws the first time it is touched when libtorch, or the libstdc++ it needs, cannot be loaded.
        var error = new TypeInitializationException("TorchSharp.torch", new NotSupportedException("This application or script uses TorchSharp but doesn't contain a reference to libtorch-cpu-linux-x64.\nTrace from LoadNativeBackend: ..."));

        Assert.True(ErrorAdvice.IsUsersToFix(error));
        Assert.StartsWith("libtorch, the native library TorchSharp runs on, could not be loaded: This application", ErrorAdvice.Message(error), StringComparison.Ordinal);
        Assert.DoesNotContain("Trace", ErrorAdvice.Message(error), StringComparison.Ordinal);
        var advice = ErrorAdvice.For(error, "actorrec train");
        Assert.Contains("GLIBCXX_3.4.32", advice, StringComparison.Ordinal);
        Assert.Contains("scripts/bootstrap.sh", advice, StringComparison.Ordinal);
        Assert.Contains(ErrorAdvice.PackagesDocument, advice, StringComparison.Ordinal);
        Assert.False(ErrorAdvice.IsUsersToFix(new TypeInitializationException("ActorRec.Other", new InvalidOperationException())));
    }

    [Fact]
    public void A_call_that_reached_no_server_says_how_to_start_one_and_names_the_address()
    {
        using var access = new ServerAccess(apiKey: null, certificateAuthority: null);
        access.Channel("http://127.0.0.1:5999").Dispose();

        var unreachable = access.Failure(StatusCode.Unavailable, "Error connecting to subchannel.", new HttpRequestException("Connection refused"));
        var notReady = access.Failure(StatusCode.Unavailable, "the cluster's Redis is unreachable or not ready");
        var unknownVersion = access.Failure(StatusCode.NotFound, "no model version 'x'");

        Assert.Contains("no server answered at http://127.0.0.1:5999", unreachable, StringComparison.Ordinal);
        Assert.Contains("--url", unreachable, StringComparison.Ordinal);
        Assert.Contains("not ready", notReady, StringComparison.Ordinal);
        Assert.Contains("`actorrec models list`", unknownVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_list_without_a_server_exits_with_the_failure_code_instead_of_a_stack_trace()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var code = await ActorRecRoot.Create()
            .Parse(["models", "list", "--url", $"http://127.0.0.1:{port}"])
            .InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, TestContext.Current.CancellationToken);

        Assert.Equal(ServerAccess.FailedExitCode, code);
    }
}
