using System.CommandLine;
using System.Text.Json;
using ActorRec.Cli.Commands;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Cli.Tests.Commands;

/// <summary>
/// `evaluate --scorer`: the default ranks a GRU4Rec model with the fused scan, `torch` with libtorch, and both give the
/// same metrics (the two sum in different orders, so a near-tie may fall either way: to 4 decimals).
/// </summary>
public sealed class EvaluateScorerTests : IDisposable
{
    private const string Data = "synthetic:items=400,sessions=3000,seed=3";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_fused_default_and_torch_give_the_same_metrics()
    {
        var model = Path.Combine(_folder.Path, "model");
        Assert.Equal(0, await RunAsync(["train", "--data", Data, "--epochs", "1", "--threads", "1", "--no-epoch-eval", "--baselines", "pop", "--out", model]));

        Assert.Equal(0, await RunAsync(["evaluate", model, "--threads", "1", "--results", Path.Combine(_folder.Path, "auto")]));
        Assert.Equal(0, await RunAsync(["evaluate", model, "--threads", "1", "--scorer", "torch", "--results", Path.Combine(_folder.Path, "torch")]));

        var fused = Metrics("auto");
        var torch = Metrics("torch");
        Assert.Equal(torch.Count, fused.Count);
        Assert.Contains(torch, m => m.Value > 0);
        foreach (var (name, value) in torch)
        {
            Assert.True(Math.Abs(value - fused[name]) < 1e-4, $"{name}: torch {value:F6}, fused {fused[name]:F6}");
        }

        Assert.NotEqual(0, await RunAsync(["evaluate", model, "--scorer", "fused"]));
    }

    private Dictionary<string, double> Metrics(string folder)
    {
        using var report = JsonDocument.Parse(File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(_folder.Path, folder), "evaluate-*.json"))));
        var metrics = new Dictionary<string, double>();
        foreach (var result in report.RootElement.GetProperty("results").EnumerateArray())
        {
            var model = result.GetProperty("model").GetString();
            foreach (var cutoff in result.GetProperty("metrics").EnumerateArray())
            {
                var k = cutoff.GetProperty("k").GetInt32();
                foreach (var name in new[] { "recall", "mrr", "ndcg", "coverage" })
                {
                    metrics[$"{model} {name}@{k}"] = cutoff.GetProperty(name).GetDouble();
                }
            }
        }

        return metrics;
    }

    private static Task<int> RunAsync(string[] args) =>
        ActorRecRoot.Create().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, TestContext.Current.CancellationToken);
}
