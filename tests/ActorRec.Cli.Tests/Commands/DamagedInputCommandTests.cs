using System.CommandLine;
using ActorRec.Cli.Commands;
using ActorRec.Models.Data;
using Xunit;

namespace ActorRec.Cli.Tests.Commands;

/// <summary>
/// Damaged data and checkpoints reach the CLI's top-level handler as a <see cref="DataFileException"/> whose message
/// is <c>file:line: what is wrong</c>, which Program.cs prints without a stack trace and exits with 2.
/// </summary>
public sealed class DamagedInputCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("actorrec-cli-damaged-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Train_on_a_file_of_garbage_names_its_first_bad_line()
    {
        var data = Directory.CreateDirectory(Path.Combine(_directory, "garbage")).FullName;
        var train = Path.Combine(data, "train.tsv");
        await File.WriteAllBytesAsync(train, [.. "SessionId\tItemId\tTime\n"u8, 0x00, 0xff, 0xfe, .. "garbage\n1\t2\n"u8], TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<DataFileException>(() => RunAsync(["train", "--data", data, "--epochs", "1", "--out", Path.Combine(_directory, "out")]));

        Assert.Equal(train, error.FilePath);
        Assert.StartsWith($"{train}:2: no readable rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_on_rows_that_preprocessing_drops_names_the_file()
    {
        var data = Directory.CreateDirectory(Path.Combine(_directory, "short")).FullName;
        var train = Path.Combine(data, "train.tsv");
        await File.WriteAllTextAsync(train, "SessionId\tItemId\tTime\n1\t2\t100\n2\t3\t200\n", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<DataFileException>(() => RunAsync(["train", "--data", data, "--epochs", "1", "--out", Path.Combine(_directory, "out")]));

        Assert.Equal(train, error.FilePath);
        Assert.Contains("no training sessions are left", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_of_a_checkpoint_with_a_truncated_manifest_names_the_line()
    {
        var checkpoint = Directory.CreateDirectory(Path.Combine(_directory, "checkpoint")).FullName;
        var manifest = Path.Combine(checkpoint, "manifest.json");
        await File.WriteAllTextAsync(manifest, "{\n  \"format\": 1,\n  \"versionId\": \"x\",\n  \"hyperparameters\": {", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<DataFileException>(() => RunAsync(["evaluate", checkpoint, "--data", "synthetic:items=50,sessions=100"]));

        Assert.Equal(manifest, error.FilePath);
        Assert.Equal(4, error.Line);
    }

    private static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand { TrainCommand.Create(), EvaluateCommand.Create() };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, TestContext.Current.CancellationToken);
    }
}
