using System.CommandLine;
using System.Text.Json;
using ActorRec.Cli.Commands;
using ActorRec.Models.Data;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Cli.Tests.Commands;

/// <summary>
/// The README's "Your own data" commands, run as written through the CLI's command path (with one epoch and the
/// files under a temp folder): export the generator to Parquet and to gzip CSV with other column names, train from
/// each, and re-evaluate from the data the checkpoint recorded.
/// </summary>
public sealed class OwnDataCommandTests : IDisposable
{
    private const string ReadmeSection = "### Your own data";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_readme_commands_export_train_and_evaluate_from_parquet_and_gzip_csv()
    {
        var commands = ReadmeCommands();
        Assert.Contains(commands, c => c.Contains("clicks.parquet", StringComparison.Ordinal) && c.StartsWith("actorrec train", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Contains("clicks.csv.gz", StringComparison.Ordinal) && c.StartsWith("actorrec train", StringComparison.Ordinal));

        foreach (var command in commands)
        {
            var exit = await RunAsync(Arguments(command));

            Assert.True(exit == 0, $"'{command}' exited with {exit}");
        }

        Assert.True(File.Exists(Path.Combine(_folder.Path, "clicks.parquet")));
        using var csv = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(_folder.Path, "clicks.csv.gz")), System.IO.Compression.CompressionMode.Decompress));
        Assert.Equal("SessionKey,Sku,EventTime,event_type", await csv.ReadLineAsync(TestContext.Current.CancellationToken));
        Assert.EndsWith("clicks.parquet?columns=session=basket,item=article_no,time=clicked_at_ms", RecordedSource("runs/own-parquet"), StringComparison.Ordinal);
        Assert.EndsWith("clicks.csv.gz", RecordedSource("runs/own-csv"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_mapped_column_reaches_the_handler_as_file_and_line()
    {
        var path = _folder.Write("clicks.csv", "visit,product,ts\n1,2,3\n");

        var error = await Assert.ThrowsAsync<DataFileException>(() => RunAsync(["train", "--data", path, "--columns", "session=basket", "--epochs", "1", "--out", Path.Combine(_folder.Path, "out")]));

        Assert.Equal($"{path}:1: no column 'basket' (mapped to session); the columns are [visit, product, ts].", error.Message);
    }

    [Fact]
    public void A_file_spec_records_its_options_and_reads_them_back()
    {
        var path = _folder.Write("clicks.tsv", "a\tb\tc\ns1\ti1\t2024-01-01T00:00:00Z\ns1\ti2\t2024-01-01T00:01:00Z\n");

        var source = DataSource.Resolve(path, new ClickFileOptions { Columns = ClickColumnMapping.Parse("session=a,item=b,time=c"), TimeFormat = TimestampFormat.IsoDateTime });
        var again = DataSource.Resolve(source.Spec);

        Assert.Equal($"{path}?columns=session=a,item=b,time=c&time-format=iso", source.Spec);
        Assert.Equal(source.Spec, again.Spec);
        Assert.Equal(source.Logs.Train.Records, again.Logs.Train.Records);
        Assert.Throws<ArgumentException>(() => DataSource.Resolve($"{path}?colums=session=a"));
        Assert.Throws<FileNotFoundException>(() => DataSource.Resolve(Path.Combine(_folder.Path, "absent.parquet")));
    }

    /// <summary>The actorrec lines of the README's "Your own data" code block.</summary>
    private static List<string> ReadmeCommands()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf(ReadmeSection, StringComparison.Ordinal)..];
        var block = section[(section.IndexOf("```sh", StringComparison.Ordinal) + 5)..];
        block = block[..block.IndexOf("```", StringComparison.Ordinal)];
        return [.. block.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(line => line.StartsWith("actorrec ", StringComparison.Ordinal))];
    }

    /// <summary>The command's arguments, its relative paths under the temp folder and training cut to one epoch on one thread.</summary>
    private string[] Arguments(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
        var arguments = words.Select(word => word.StartsWith("clicks.", StringComparison.Ordinal) || word.StartsWith("runs/", StringComparison.Ordinal) ? Path.Combine(_folder.Path, word) : word).ToList();
        if (arguments[0] is "train")
        {
            arguments.AddRange(["--epochs", "1", "--threads", "1", "--no-epoch-eval", "--baselines", "pop"]);
        }
        else if (arguments[0] is "evaluate")
        {
            arguments.AddRange(["--threads", "1"]);
        }

        return [.. arguments];
    }

    private string RecordedSource(string checkpoint)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder.Path, checkpoint, "manifest.json")));
        return manifest.RootElement.GetProperty("data").GetProperty("source").GetString()!;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ActorRec.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ActorRec.sln above {AppContext.BaseDirectory}.");
    }

    private static Task<int> RunAsync(string[] args)
    {
        return ActorRecRoot.Create().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, TestContext.Current.CancellationToken);
    }
}
