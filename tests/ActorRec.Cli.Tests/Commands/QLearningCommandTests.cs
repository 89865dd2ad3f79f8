using System.CommandLine;
using ActorRec.Cli.Commands;
using ActorRec.Models.Checkpoints;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Cli.Tests.Commands;

/// <summary>`train --model sqn|smorl` and `compare` over seeds, end to end on the real JData sample.</summary>
public sealed class QLearningCommandTests : IDisposable
{
    private static readonly string[] Small = ["--batch-size", "32", "--layers", "32", "--embedding", "32"];

    private readonly string _directory = Directory.CreateTempSubdirectory("actorrec-cli-q-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Sqn_and_smorl_train_from_the_command_line_and_compare_reports_every_metric_over_seeds()
    {
        var jdata = SharedData.RequireDataSet("jdata");
        string[] common = ["--data", jdata, "--min-item-support", "1", "--epochs", "1", "--threads", "1", "--no-epoch-eval", "--baselines", "pop"];
        var gru = Path.Combine(_directory, "gru");
        Assert.Equal(0, await RunAsync(["train", .. common, "--preset", "rsc15-xe", "--out", gru]));
        var smorlWithout = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(["train", .. common, .. Small, "--model", "smorl", "--out", Path.Combine(_directory, "x")]));
        Assert.Contains("--diversity-embedding", smorlWithout.Message, StringComparison.Ordinal);

        List<string> checkpoints = [gru];
        foreach (var seed in new[] { "1", "2" })
        {
            var sqn = Path.Combine(_directory, "sqn-" + seed);
            Assert.Equal(0, await RunAsync(["train", .. common, .. Small, "--model", "sqn", "--seed", seed, "--reward", "purchase=2", "--out", sqn]));
            checkpoints.Add(sqn);
        }

        var smorl = Path.Combine(_directory, "smorl");
        Assert.Equal(0, await RunAsync(["train", .. common, .. Small, "--model", "smorl", "--diversity-embedding", gru, "--out", smorl]));
        checkpoints.Add(smorl);

        var sqnManifest = Checkpoint.ReadManifest(checkpoints[1]);
        Assert.Equal("sqn", sqnManifest.ModelKind);
        Assert.Equal(2.0, sqnManifest.QLearning!["rewards"]!["purchase"]!.GetValue<double>());
        Assert.Equal("smorl", Checkpoint.ReadManifest(smorl).ModelKind);

        var results = Path.Combine(_directory, "results");
        Assert.Equal(0, await RunAsync(["compare", .. checkpoints, "--data", jdata, "--min-item-support", "1", "--threads", "1", "--baselines", "pop", "--results", results]));

        var table = await File.ReadAllTextAsync(Path.Combine(results, "compare.md"), TestContext.Current.CancellationToken);
        Assert.Contains("Beyond accuracy at 20", table, StringComparison.Ordinal);
        Assert.Contains("[purchase]", table, StringComparison.Ordinal);
        var seeds = (await File.ReadAllLinesAsync(Path.Combine(results, "compare-seeds.md"), TestContext.Current.CancellationToken)).ToList();
        Assert.Contains("sqn (n=2)", seeds[0], StringComparison.Ordinal);
        Assert.Contains("smorl (n=1)", seeds[0], StringComparison.Ordinal);
        foreach (var metric in new[] { "HR@20 purchase", "NDCG@20 click", "Coverage@20", "Long-tail coverage@20", "Diversity@20 (embedding)", "Diversity@20 (categories)", "Novelty@20 (bits)", "Repetitiveness@20" })
        {
            var row = seeds.SingleOrDefault(l => l.StartsWith($"| {metric} |", StringComparison.Ordinal));
            Assert.True(row is not null, $"compare-seeds.md has no '{metric}' row");
            Assert.DoesNotContain("| - |", row, StringComparison.Ordinal);
        }
    }

    private static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand { TrainCommand.Create(), CompareCommand.Create() };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, TestContext.Current.CancellationToken);
    }
}
