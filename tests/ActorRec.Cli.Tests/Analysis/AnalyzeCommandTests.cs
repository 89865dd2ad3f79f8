using System.CommandLine;
using ActorRec.Cli.Analysis;
using ActorRec.Cli.Commands;
using ActorRec.Testing;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Cli.Tests.Analysis;

[Collection(AnalysisCollection.Name)]
public sealed class AnalyzeCommandTests(AnalysisFixture fixture)
{
    [Fact]
    public async Task Analyze_reads_the_data_the_checkpoint_names_and_writes_the_report_and_charts()
    {
        var run = fixture.Run;
        using var folder = new TempFolder();
        var items = run.Data.Vocabulary.Ids.Skip(100).Take(2).ToArray();

        var exit = await InvokeAsync(
            "analyze", "--model", $"mine={run.Trained}", "--min-item-support", "1", "--items", string.Join(',', items),
            "--sessions", "2", "--baselines", "none", "--out", folder.Path);

        Assert.Equal(0, exit);
        var html = File.ReadAllText(Path.Combine(folder.Path, Analyzer.ReportFile));
        Assert.Contains("<h3>mine</h3>", html, StringComparison.Ordinal);
        Assert.All(items, id => Assert.Contains($"<td class=\"query\" rowspan=\"10\">{id}<br>", html, StringComparison.Ordinal));
        Assert.Equal(6, Directory.GetFiles(folder.Path, "*.png").Length);
    }

    [Fact]
    public async Task Analyze_stops_with_a_message_on_a_missing_checkpoint_or_an_unknown_item()
    {
        var run = fixture.Run;
        using var folder = new TempFolder();

        var missing = await Assert.ThrowsAsync<ArgumentException>(() => InvokeAsync("analyze", "--model", Path.Combine(folder.Path, "nothing"), "--out", folder.Path));
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() =>
            InvokeAsync("analyze", "--model", run.Trained, "--min-item-support", "1", "--items", "no-such-item", "--out", folder.Path));

        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Contains("'no-such-item' is not an item", unknown.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Path, Analyzer.ReportFile)));
    }

    [Fact]
    public void Loading_says_which_checkpoint_is_missing_and_labels_models_of_one_kind_by_folder()
    {
        var run = fixture.Run;
        using var folder = new TempFolder();
        var empty = Directory.CreateDirectory(Path.Combine(folder.Path, "empty")).FullName;

        var missing = Assert.Throws<ArgumentException>(() => AnalyzedModel.LoadAll([Path.Combine(folder.Path, "gone")], CPU));
        var notCheckpoint = Assert.Throws<ArgumentException>(() => AnalyzedModel.LoadAll([empty], CPU));
        var clash = Assert.Throws<ArgumentException>(() => AnalyzedModel.LoadAll([$"a={run.Trained}", $"a={run.Models[1].Directory}"], CPU));
        var models = AnalyzedModel.LoadAll([run.Trained, run.Models[1].Directory], CPU);
        try
        {
            Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
            Assert.Contains("is not a checkpoint", notCheckpoint.Message, StringComparison.Ordinal);
            Assert.Contains("two models are labelled 'a'", clash.Message, StringComparison.Ordinal);
            Assert.Equal(["gru4rec (trained)", "gru4rec (other)"], models.Select(m => m.Label));
        }
        finally
        {
            foreach (var model in models)
            {
                model.Dispose();
            }
        }
    }

    // Exceptions reach the caller, as they reach Program's handler of bad input.
    private static Task<int> InvokeAsync(params string[] args) =>
        new RootCommand { AnalyzeCommand.Create() }.Parse(args)
            .InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, TestContext.Current.CancellationToken);
}
